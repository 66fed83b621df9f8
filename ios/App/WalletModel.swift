import Foundation
import SwipCore

/// Owns the wallet, publishes its state to SwiftUI (from the `AsyncStream` adapter) and turns
/// taps into the core's actions. A failed action's message is shown as it is: the core writes it
/// for users, naming fields, never values.
@MainActor
final class WalletModel: ObservableObject {
    @Published private(set) var state: AppState?
    @Published var message: String?
    private(set) var wallet: Wallet?

    #if DEBUG
    /// The sandbox on this Mac (the simulator shares its network).
    static let baseUrl = "http://127.0.0.1:8080"
    #else
    static let baseUrl = "https://api.swip.example"
    #endif

    init() {
        Task { await open() }
    }

    private func open() async {
        do {
            let wallet = try await Wallet.open(config: WalletConfig(baseUrl: Self.baseUrl), store: KeychainSecureStore())
            self.wallet = wallet
            for await state in wallet.states() {
                self.state = state
            }
        } catch {
            message = "\(error)"
        }
    }

    /// Runs an action; cancelling it (leaving the screen) only stops the waiting.
    func act(_ action: @escaping (Wallet) async throws -> Void) {
        guard let wallet else { return }
        Task {
            do {
                try await action(wallet)
            } catch {
                // SwipError's description is the core's message.
                message = "\(error)"
            }
        }
    }
}
