import os
import SwiftUI
import SwipCore

/// The SWiP iOS shell: renders the core's state, sends the user's actions. No journey logic.
@main
struct SwipApp: App {
    @StateObject private var model = WalletModel()

    init() {
        do {
            try setLogger(logger: OSLogLogger(), maxLevel: .info)
        } catch {
            // The app works without the core's logs; say so once where developers look.
            Logger(subsystem: "app.swip.ios", category: "SwipApp")
                .error("the core's logs are not forwarded: \(String(describing: type(of: error)), privacy: .public)")
        }
    }

    var body: some Scene {
        WindowGroup {
            ContentView()
                .environmentObject(model)
                .task { await model.run() }
        }
    }
}
