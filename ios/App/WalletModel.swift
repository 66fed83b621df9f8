import Foundation
import os
import SwipCore

/// Owns the wallet, publishes its state to SwiftUI and turns taps into the core's actions. No
/// journey logic: what is allowed and what comes next is the core's.
///
/// Errors are shown once: a server's refusal is already in the state (the screen shows its
/// problem in words, from the core), so only what the state does not carry becomes `notice` — the
/// invalid fields of a form, or an unexpected failure. Never an error's own description.
@MainActor
final class WalletModel: ObservableObject {
    @Published private(set) var state: AppState?
    @Published private(set) var notice: String?
    @Published private(set) var openFailed = false
    private(set) var wallet: Wallet?

    /// The language of the core's texts: the device's (Russian for Russian, English otherwise).
    let locale: TextLocale = textLocaleForTag(tag: Locale.preferredLanguages.first ?? "en")

    #if DEBUG
    /// The sandbox on this Mac (the simulator shares its network).
    static let baseUrl = "http://127.0.0.1:8080"
    #else
    static let baseUrl = "https://api.swip.example"
    #endif

    private static let log = Logger(subsystem: "app.swip.ios", category: "WalletModel")

    /// Opens the wallet and follows its state for as long as the calling task runs (the root
    /// view's `.task`, cancelled with it: structured, never started from `init`).
    func run() async {
        do {
            let wallet = try await Wallet.open(config: walletConfig(baseUrl: Self.baseUrl), store: KeychainSecureStore())
            self.wallet = wallet
            for await state in wallet.states() {
                self.state = state
            }
        } catch {
            Self.log.error("the wallet did not open: \(String(describing: type(of: error)), privacy: .public)")
            openFailed = true
            notice = unexpectedText()
        }
    }

    /// Runs an action on the wallet; a refusal the state does not show becomes the notice.
    func act(_ action: @escaping (Wallet) async throws -> Void) {
        guard let wallet else { return }
        notice = nil
        Task {
            do {
                try await action(wallet)
            } catch let SwipError.InvalidInput(_, errors) {
                notice = errors.map { fieldErrorText(error: $0, locale: locale) }.joined(separator: "\n")
            } catch SwipError.Failed {
                // Already in the state: the screen shows the problem.
            } catch SwipError.NotAllowed {
                // Nothing changed (a double tap); the screen shows where the journey is.
            } catch {
                notice = unexpectedText()
            }
        }
    }

    /// The problem in words, in the device's language.
    func text(_ problem: Problem) -> String { problemText(problem: problem, locale: locale) }

    /// An amount in roubles as the language writes it (`1 234,50 ₽`).
    func rub(_ kopecks: Int64) -> String { formatRub(kopecks: kopecks, locale: locale) }

    /// The phone as `+7 916 •••-••-67`.
    func phone(_ digits: String) -> String { maskPhone(phone: digits) }

    private func unexpectedText() -> String {
        problemText(problem: Problem(kind: .other, code: nil, message: "", attemptsLeft: nil, retryAfterS: nil), locale: locale)
    }
}

/// A text of the app's String Catalog (Localizable.xcstrings: Russian and English), with arguments.
func t(_ key: String, _ args: CVarArg...) -> String {
    let format = NSLocalizedString(key, comment: "")
    return args.isEmpty ? format : String(format: format, locale: Locale.current, arguments: args)
}
