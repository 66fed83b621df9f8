import SwiftUI
import SwipCore

/// The SWiP iOS shell: renders the core's state, sends the user's actions. No journey logic.
@main
struct SwipApp: App {
    @StateObject private var model = WalletModel()

    init() {
        try? setLogger(logger: OSLogLogger(), maxLevel: .info)
    }

    var body: some Scene {
        WindowGroup {
            ContentView().environmentObject(model)
        }
    }
}
