import SwiftUI
import SwipCore

/// Every screen is a function of the core's `AppState`; buttons call the core's actions.
struct ContentView: View {
    @EnvironmentObject var model: WalletModel

    var body: some View {
        NavigationStack {
            Group {
                if let state = model.state, let wallet = model.wallet {
                    JourneyView(state: state, wallet: wallet)
                } else {
                    ProgressView()
                }
            }
            .padding()
            .navigationTitle("SWiP")
        }
        .alert(model.message ?? "", isPresented: Binding(get: { model.message != nil }, set: { if !$0 { model.message = nil } })) {
            Button("OK") { model.message = nil }
        }
    }
}

struct JourneyView: View {
    @EnvironmentObject var model: WalletModel
    let state: AppState
    let wallet: Wallet

    var body: some View {
        switch state.auth {
        case .signedOut:
            PhoneView(submitting: false, problem: nil)
        case let .phoneEntered(_, submitting, problem):
            PhoneView(submitting: submitting, problem: problem)
        case let .awaitingCode(phone, resendAt, verifying, problem):
            CodeView(phone: phone, resendAt: resendAt, verifying: verifying, problem: problem, wallet: wallet)
        case let .pinSetup(_, submitting, problem):
            PinView(title: "Choose a PIN", askNames: true, submitting: submitting, attemptsLeft: nil, problem: problem)
        case let .deviceLogin(_, submitting, attemptsLeft, problem):
            PinView(title: "Enter your PIN", askNames: false, submitting: submitting, attemptsLeft: attemptsLeft, problem: problem)
        case let .locked(_, _, submitting, attemptsLeft, problem):
            PinView(title: "Enter your PIN to unlock", askNames: false, submitting: submitting, attemptsLeft: attemptsLeft, problem: problem)
        case let .accountLocked(phone):
            VStack {
                Text("Too many wrong PINs. Confirm your phone by SMS again.")
                Button("Send SMS") { model.act { try await $0.startSignup(phone: phone) } }
            }
        case .signedIn:
            if let binding = state.binding {
                BindingView(binding: binding, wallet: wallet)
            } else if let checkout = state.checkout {
                CheckoutView(checkout: checkout, cards: state.cards)
            } else {
                CardsView(cards: state.cards)
            }
        }
    }
}

struct ProblemText: View {
    let problem: Problem?
    var body: some View {
        if let problem { Text(problem.message).foregroundColor(.red) }
    }
}

struct PhoneView: View {
    @EnvironmentObject var model: WalletModel
    let submitting: Bool
    let problem: Problem?
    @State private var phone = ""

    var body: some View {
        Form {
            TextField("+7 …", text: $phone).keyboardType(.phonePad)
            ProblemText(problem: problem)
            Button(submitting ? "Sending…" : "Get the code") { model.act { [phone] wallet in try await wallet.startSignup(phone: phone) } }
                .disabled(submitting)
        }
    }
}

struct CodeView: View {
    @EnvironmentObject var model: WalletModel
    let phone: String
    let resendAt: Int64
    let verifying: Bool
    let problem: Problem?
    let wallet: Wallet
    @State private var code = ""

    var body: some View {
        Form {
            Text("The code sent to +\(phone.prefix(1)) ••• ••• ••-\(phone.suffix(2))")
            SecureField("SMS code", text: $code).keyboardType(.numberPad)
            ProblemText(problem: problem)
            Button("Confirm") { model.act { [code] wallet in try await wallet.submitCode(code: code) } }.disabled(verifying)
            // The resend time is on the wallet's clock.
            TimelineView(.periodic(from: .now, by: 1)) { _ in
                let wait = max(0, (resendAt - wallet.nowMs() + 999) / 1000)
                Button(wait > 0 ? "Resend in \(wait) s" : "Resend the SMS") { model.act { try await $0.resendSms() } }
                    .disabled(wait > 0)
            }
        }
    }
}

struct PinView: View {
    @EnvironmentObject var model: WalletModel
    let title: String
    let askNames: Bool
    let submitting: Bool
    let attemptsLeft: UInt32?
    let problem: Problem?
    @State private var pin = ""
    @State private var first = ""
    @State private var last = ""

    var body: some View {
        Form {
            Text(title)
            SecureField("PIN", text: $pin).keyboardType(.numberPad)
            if askNames {
                TextField("First name (optional)", text: $first)
                TextField("Last name (optional)", text: $last)
            }
            ProblemText(problem: problem)
            if let attemptsLeft { Text("Attempts left: \(attemptsLeft)") }
            Button("Continue") {
                if askNames {
                    model.act { [pin, first, last] wallet in try await wallet.setPin(pin: pin, firstName: first, lastName: last) }
                } else {
                    model.act { [pin] wallet in try await wallet.enterPin(pin: pin) }
                }
            }
            .disabled(submitting)
        }
    }
}

struct CardsView: View {
    @EnvironmentObject var model: WalletModel
    let cards: CardsState
    @State private var adding = false
    @State private var sessionCode = ""

    var body: some View {
        List {
            if cards.loading { ProgressView() }
            ProblemText(problem: cards.problem)
            ForEach(cards.cards, id: \.id) { card in
                VStack(alignment: .leading) {
                    Text("\(card.paymentSystem) \(card.maskedNumber)")
                    Text(card.bankName + (card.isDefault ? " · default" : "") + (card.blocked ? " · blocked" : "")).font(.caption)
                }
                .swipeActions {
                    Button("Delete", role: .destructive) { model.act { try await $0.deleteCard(cardId: card.id) } }
                    if !card.isDefault { Button("Default") { model.act { try await $0.setDefaultCard(cardId: card.id) } } }
                }
            }
            Button("Add a card") { adding = true }
            Section("A till's order") {
                TextField("QR code text", text: $sessionCode)
                Button("Open") { model.act { [sessionCode] wallet in try await wallet.findCounterOrder(sessionCode: sessionCode) } }
            }
            Button("Sign out") { model.act { try await $0.signOut() } }
        }
        .refreshable { model.act { try await $0.refreshCards() } }
        .sheet(isPresented: $adding) { CardFormView { adding = false } }
    }
}

struct CardFormView: View {
    @EnvironmentObject var model: WalletModel
    let done: () -> Void
    @State private var number = ""
    @State private var month = ""
    @State private var year = ""
    @State private var cvv = ""
    @State private var holder = ""

    var body: some View {
        Form {
            TextField("Card number", text: $number).keyboardType(.numberPad)
            TextField("MM", text: $month).keyboardType(.numberPad)
            TextField("YY", text: $year).keyboardType(.numberPad)
            SecureField("CVV", text: $cvv).keyboardType(.numberPad)
            TextField("Cardholder", text: $holder)
            Button("Bind") {
                // Unparseable month/year become 0: the core reports the field, with its reason.
                let (m, y) = (UInt32(month) ?? 0, UInt32(year) ?? 0)
                model.act { [number, cvv, holder] wallet in
                    try await wallet.bindCard(number: number, expMonth: m, expYear: y, cvv: cvv, holder: holder, makeDefault: false)
                }
                done()
            }
            Button("Cancel", action: done)
        }
    }
}

struct BindingView: View {
    @EnvironmentObject var model: WalletModel
    let binding: BindingState
    let wallet: Wallet

    var body: some View {
        VStack(spacing: 12) {
            Text("Card •••• \(binding.last4)")
            switch binding.stage {
            case .submitting, .processing:
                ProgressView()
            case let .threeDsChallenge(html, returnUrl):
                if let html {
                    ThreeDSView(html: html, returnUrl: returnUrl, wallet: wallet) {
                        model.act { try await $0.threeDsReturned() }
                    }
                    Button("Close") { model.act { try await $0.threeDsClosed() } }
                } else {
                    ProgressView()
                }
            case .awaitingResult:
                ProgressView("Waiting for the bank's answer")
            case .bound:
                Text("The card is bound.")
                Button("Done") { model.act { try await $0.dismissBinding() } }
            case let .failed(problem):
                Text("The card was not bound: \(problem.message)")
                Button("OK") { model.act { try await $0.dismissBinding() } }
            case .unknown:
                Text("No answer from the bank yet.")
                Button("Check again") { model.act { try await $0.checkAgain() } }
            }
        }
    }
}

struct CheckoutView: View {
    @EnvironmentObject var model: WalletModel
    let checkout: CheckoutState
    let cards: CardsState
    @State private var email = ""

    var body: some View {
        Form {
            if let order = checkout.order {
                Section("\(order.merchantName), \(order.storeName) — \(order.orderNumber)") {
                    ForEach(Array(order.lines.enumerated()), id: \.offset) { _, line in
                        Text("\(line.name) × \(line.quantity, specifier: "%g"): \(rub(line.amountKopecks))")
                    }
                    if order.discountKopecks > 0 { Text("Discount: −\(rub(order.discountKopecks))") }
                    Text("To pay: \(rub(order.totalKopecks))").bold()
                    if order.cashbackKopecks > 0 { Text("Cashback: \(rub(order.cashbackKopecks))") }
                }
            }
            switch checkout.stage {
            case .creatingOrder, .confirmingAtCounter:
                ProgressView()
            case let .orderRefused(problem):
                Text(problem.message)
                Button("OK") { model.act { try await $0.dismissCheckout() } }
            case let .created(problem):
                ProblemText(problem: problem)
                TextField("E-mail for the receipt", text: $email).keyboardType(.emailAddress)
                let card = cards.cards.first { $0.isDefault }
                Button("Pay with \(card?.maskedNumber ?? "the default card")") {
                    model.act { [email] wallet in try await wallet.pay(cardId: nil, email: email) }
                }
                Button("Cancel") { model.act { try await $0.dismissCheckout() } }
            case let .paying(attempt, _):
                ProgressView("Paying with \(attempt.cardMasked)…")
            case let .paid(attempt):
                Text("Paid. The receipt goes to \(attempt.email).")
                Button("Done") { model.act { try await $0.dismissCheckout() } }
            case let .failed(_, problem):
                Text("The payment failed: \(problem.message)")
                Button("OK") { model.act { try await $0.dismissCheckout() } }
            case .unknown:
                Text("The payment's outcome is not known yet. You will not be charged twice.")
                Button("Check again") { model.act { try await $0.checkAgain() } }
            case let .atCounter(method):
                Text("Pay at the counter (\(method == .cash ? "cash" : "terminal")).")
                Button("Done") { model.act { try await $0.dismissCheckout() } }
            }
        }
    }

    private func rub(_ kopecks: Int64) -> String {
        String(format: "%lld.%02lld ₽", kopecks / 100, kopecks % 100)
    }
}
