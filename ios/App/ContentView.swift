import SwiftUI
import SwipCore

/// Every screen is a function of the core's `AppState`; buttons call the core's actions. Every text
/// is the String Catalog's (Localizable.xcstrings) or the core's (problems, amounts, the phone).
struct ContentView: View {
    @EnvironmentObject var model: WalletModel
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        NavigationStack {
            VStack(alignment: .leading, spacing: 12) {
                if let state = model.state, let wallet = model.wallet {
                    JourneyView(state: state, wallet: wallet)
                } else if !model.openFailed {
                    ProgressView(t("opening"))
                }
                if let notice = model.notice { ProblemText(text: notice) }
            }
            .padding()
            .navigationTitle("SWiP")
        }
        .overlay { if scenePhase != .active && showsSecrets { PrivacyCover() } }
    }

    /// Card and PIN screens: covered when the app leaves the foreground (the app switcher's snapshot).
    private var showsSecrets: Bool {
        guard let state = model.state else { return false }
        switch state.auth {
        case .pinSetup, .deviceLogin, .locked: return true
        case .signedIn: return state.checkout == nil
        default: return false
        }
    }
}

/// What the app switcher shows instead of a card or PIN screen.
struct PrivacyCover: View {
    var body: some View {
        ZStack {
            Rectangle().fill(.background)
            Text("SWiP").font(.largeTitle.bold())
        }
        .ignoresSafeArea()
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
            PinView(title: t("pin_setup_title"), setup: true, sessionExpired: false, submitting: submitting, problem: problem)
        case let .deviceLogin(_, submitting, _, problem):
            PinView(title: t("pin_login_title"), setup: false, sessionExpired: false, submitting: submitting, problem: problem)
        case let .locked(_, reason, submitting, _, problem):
            PinView(title: t("pin_unlock_title"), setup: false, sessionExpired: reason == .sessionExpired, submitting: submitting, problem: problem)
        case let .accountLocked(phone):
            Text(t("account_locked_title")).font(.title2)
            Text(t("account_locked_body", model.phone(phone)))
            Button(t("phone_submit")) { model.act { try await $0.startSignup(phone: phone) } }
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
    let text: String
    var body: some View { Text(text).foregroundColor(.red) }
}

struct PhoneView: View {
    @EnvironmentObject var model: WalletModel
    let submitting: Bool
    let problem: Problem?
    @State private var phone = ""

    var body: some View {
        Form {
            Text(t("phone_title")).font(.title2)
            TextField(t("phone_label"), text: $phone, prompt: Text("+7 900 000-00-00")).keyboardType(.phonePad)
            if let problem { ProblemText(text: model.text(problem)) }
            Button(submitting ? t("sending") : t("phone_submit")) { model.act { [phone] wallet in try await wallet.startSignup(phone: phone) } }
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
            Text(t("code_title")).font(.title2)
            Text(t("code_sent_to", model.phone(phone)))
            SecureField(t("code_label"), text: $code).keyboardType(.numberPad)
            if let problem { ProblemText(text: model.text(problem)) }
            Button(t("code_submit")) { model.act { [code] wallet in try await wallet.submitCode(code: code) } }.disabled(verifying)
            // The core's countdown: the resend time is on the wallet's clock.
            TimelineView(.periodic(from: .now, by: 1)) { _ in
                let wait = max(0, (resendAt - wallet.nowMs() + 999) / 1000)
                Button(wait > 0 ? t("code_resend_in", String(format: "%d:%02d", wait / 60, wait % 60)) : t("code_resend")) {
                    model.act { try await $0.resendSms() }
                }
                .disabled(wait > 0 || verifying)
            }
        }
    }
}

struct PinView: View {
    @EnvironmentObject var model: WalletModel
    let title: String
    let setup: Bool
    let sessionExpired: Bool
    let submitting: Bool
    let problem: Problem?
    @State private var pin = ""
    @State private var first = ""
    @State private var last = ""

    var body: some View {
        Form {
            Text(title).font(.title2)
            if sessionExpired { Text(t("pin_reason_session")) }
            SecureField(t("pin_label"), text: $pin).keyboardType(.numberPad)
            if setup {
                TextField(t("first_name"), text: $first)
                TextField(t("last_name"), text: $last)
            }
            if let problem { ProblemText(text: model.text(problem)) }
            Button(t("continue_button")) {
                if setup {
                    model.act { [pin, first, last] wallet in try await wallet.setPin(pin: pin, firstName: first, lastName: last) }
                } else {
                    model.act { [pin] wallet in try await wallet.enterPin(pin: pin) }
                }
            }
            .disabled(submitting)
            if !setup { Button(t("sign_out")) { model.act { try await $0.signOut() } }.disabled(submitting) }
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
            Section(t("cards_title")) {
                if cards.loading { ProgressView() }
                if let problem = cards.problem { ProblemText(text: model.text(problem)) }
                if cards.cards.isEmpty && !cards.loading { Text(t("cards_empty")) }
                ForEach(cards.cards, id: \.id) { card in
                    VStack(alignment: .leading, spacing: 4) {
                        Text("\(card.paymentSystem) \(card.maskedNumber)").font(.headline)
                        Text(([card.bankName] + (card.isDefault ? [t("card_default")] : []) + (card.blocked ? [t("card_blocked")] : []))
                            .joined(separator: " · ")).font(.caption)
                        Text(t("card_added_on", Date(timeIntervalSince1970: Double(card.createdAtMs) / 1000)
                            .formatted(date: .long, time: .omitted))).font(.caption2)
                        HStack {
                            if card.isDefault {
                                Button(t("card_unset_default")) { model.act { try await $0.unsetDefaultCard(cardId: card.id) } }
                            } else {
                                Button(t("card_make_default")) { model.act { try await $0.setDefaultCard(cardId: card.id) } }
                                    .disabled(card.blocked)
                            }
                            Button(t("card_delete"), role: .destructive) { model.act { try await $0.deleteCard(cardId: card.id) } }
                        }
                        .buttonStyle(.borderless)
                        .disabled(cards.loading)
                    }
                }
                Button(t("card_add")) { adding = true }.disabled(cards.loading)
            }
            Section(t("till_title")) {
                TextField(t("till_code_label"), text: $sessionCode)
                Button(t("till_open")) { model.act { [sessionCode] wallet in try await wallet.findCounterOrder(sessionCode: sessionCode) } }
                    .disabled(sessionCode.isEmpty)
            }
            Button(t("cards_refresh")) { model.act { try await $0.refreshCards() } }.disabled(cards.loading)
            Button(t("sign_out")) { model.act { try await $0.signOut() } }
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
    @State private var makeDefault = false

    var body: some View {
        Form {
            TextField(t("card_number"), text: $number).keyboardType(.numberPad)
            TextField(t("card_month"), text: $month).keyboardType(.numberPad)
            TextField(t("card_year"), text: $year).keyboardType(.numberPad)
            SecureField(t("card_cvv"), text: $cvv).keyboardType(.numberPad)
            TextField(t("card_holder"), text: $holder)
            Toggle(t("card_make_default"), isOn: $makeDefault)
            Button(t("card_bind")) {
                // A month or year that is not a number reaches the core as 0, which names the field.
                let (m, y) = (Int32(month) ?? 0, Int32(year) ?? 0)
                model.act { [number, cvv, holder, makeDefault] wallet in
                    try await wallet.bindCard(number: number, expMonth: m, expYear: y, cvv: cvv, holder: holder, makeDefault: makeDefault)
                }
                done()
            }
            Button(t("cancel"), action: done)
        }
    }
}

struct BindingView: View {
    @EnvironmentObject var model: WalletModel
    let binding: BindingState
    let wallet: Wallet

    var body: some View {
        VStack(spacing: 12) {
            Text(t("binding_title", binding.last4)).font(.title2)
            switch binding.stage {
            case .submitting, .processing:
                ProgressView(t("binding_processing"))
            case let .threeDsChallenge(html, returnUrl):
                Text(t("binding_3ds_hint"))
                if let html {
                    ThreeDSView(html: html, returnUrl: returnUrl, wallet: wallet) {
                        model.act { try await $0.threeDsReturned() }
                    }
                } else {
                    ProgressView()
                }
                Button(t("binding_3ds_close")) { model.act { try await $0.threeDsClosed() } }
            case .awaitingResult:
                ProgressView(t("binding_waiting"))
            case .bound:
                Text(t("binding_bound"))
                Button(t("done")) { model.act { try await $0.dismissBinding() } }
            case let .failed(problem):
                Text(t("binding_failed"))
                ProblemText(text: model.text(problem))
                Button(t("ok")) { model.act { try await $0.dismissBinding() } }
            case .unknown:
                Text(t("binding_unknown"))
                Button(t("check_again")) { model.act { try await $0.checkAgain() } }
            }
        }
    }
}

struct CheckoutView: View {
    @EnvironmentObject var model: WalletModel
    let checkout: CheckoutState
    let cards: CardsState
    @State private var email = ""

    private var atTill: Bool {
        if case .counter = checkout.source { return true }
        return false
    }

    var body: some View {
        Form {
            if let order = checkout.order {
                // A server need not send the number or the names (read as empty): nothing dangles.
                Section(order.orderNumber.isEmpty ? t("order_title_unnumbered") : t("order_title", order.orderNumber)) {
                    let place = [order.merchantName, order.storeName].filter { !$0.isEmpty }
                    if !place.isEmpty {
                        Text(place.joined(separator: ", "))
                    }
                    ForEach(Array(order.lines.enumerated()), id: \.offset) { _, line in
                        LabeledContent("\(line.name) × \(line.quantity.formatted())", value: model.rub(line.amountBeforeDiscountKopecks))
                    }
                    if order.discountKopecks > 0 {
                        LabeledContent(t("order_subtotal"), value: model.rub(order.totalOriginalKopecks))
                        LabeledContent(t("order_discount"), value: model.rub(-order.discountKopecks))
                    }
                    LabeledContent(t("order_total"), value: model.rub(order.totalKopecks)).bold()
                    if order.cashbackKopecks > 0 { LabeledContent(t("order_cashback"), value: model.rub(order.cashbackKopecks)) }
                }
            }
            stage
        }
    }

    @ViewBuilder private var stage: some View {
        switch checkout.stage {
        case .creatingOrder:
            ProgressView(t("order_creating"))
        case .confirmingAtCounter:
            ProgressView(t("counter_confirming"))
        case let .orderRefused(problem):
            Text(t("order_refused"))
            ProblemText(text: model.text(problem))
            Button(t("ok")) { model.act { try await $0.dismissCheckout() } }
        case let .created(problem):
            if let problem { ProblemText(text: model.text(problem)) }
            let card = cards.cards.first { $0.isDefault && !$0.blocked }
            if let card {
                TextField(t("email_label"), text: $email).keyboardType(.emailAddress)
                Text(t("pay_card", "\(card.paymentSystem) \(card.maskedNumber)"))
            } else {
                Text(t("pay_no_card"))
            }
            Button(t("pay_button", model.rub(checkout.order?.totalKopecks ?? 0))) {
                model.act { [email] wallet in try await wallet.pay(cardId: nil, email: email) }
            }
            .disabled(card == nil || checkout.order == nil)
            if atTill {
                Button(t("pay_at_counter_cash")) { model.act { try await $0.payAtCounter(method: .cash) } }
                Button(t("pay_at_counter_terminal")) { model.act { try await $0.payAtCounter(method: .terminal) } }
            }
            Button(t("cancel")) { model.act { try await $0.dismissCheckout() } }
        case let .paying(attempt, _):
            ProgressView(t("paying"))
            Text(t("pay_card", attempt.cardMasked))
        case let .paid(attempt):
            Text(t("paid")).font(.title2)
            Text(t("pay_card", attempt.cardMasked))
            if !attempt.email.isEmpty { Text(t("paid_receipt", attempt.email)) }
            Button(t("done")) { model.act { try await $0.dismissCheckout() } }
        case let .failed(_, problem):
            Text(t("pay_failed")).font(.title2)
            ProblemText(text: model.text(problem))
            Button(t("ok")) { model.act { try await $0.dismissCheckout() } }
        case let .unknown(attempt):
            Text(t("pay_unknown"))
            Text(t("pay_card", attempt.cardMasked))
            Button(t("check_again")) { model.act { try await $0.checkAgain() } }
        case let .atCounter(method):
            Text(t(method == .cash ? "counter_cash" : "counter_terminal")).font(.title2)
            Button(t("done")) { model.act { try await $0.dismissCheckout() } }
        }
    }
}
