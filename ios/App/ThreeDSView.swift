import SwiftUI
import SwipCore
import WebKit

/// The bank's 3-D Secure page. Every navigation is checked with the core's `isThreeDsReturnUrl`
/// (scheme, host, port, path); on a match the navigation is cancelled and the core is told.
/// The outcome is always read from the server by the core, never from the page.
struct ThreeDSView: UIViewRepresentable {
    let html: String
    let returnUrl: String
    let wallet: Wallet
    let onReturned: () -> Void

    func makeCoordinator() -> Coordinator { Coordinator(wallet: wallet, onReturned: onReturned) }

    func makeUIView(context: Context) -> WKWebView {
        let view = WKWebView()
        view.navigationDelegate = context.coordinator
        view.loadHTMLString(html, baseURL: URL(string: returnUrl))
        return view
    }

    func updateUIView(_ view: WKWebView, context: Context) {}

    final class Coordinator: NSObject, WKNavigationDelegate {
        private let wallet: Wallet
        private let onReturned: () -> Void
        private var reported = false

        init(wallet: Wallet, onReturned: @escaping () -> Void) {
            self.wallet = wallet
            self.onReturned = onReturned
        }

        func webView(
            _ webView: WKWebView,
            decidePolicyFor action: WKNavigationAction,
            decisionHandler: @escaping (WKNavigationActionPolicy) -> Void
        ) {
            // Form POSTs come through here too (unlike Android's shouldOverrideUrlLoading).
            if let url = action.request.url?.absoluteString, wallet.isThreeDsReturnUrl(url: url) {
                if !reported {
                    reported = true
                    onReturned()
                }
                decisionHandler(.cancel)
            } else {
                decisionHandler(.allow)
            }
        }
    }
}
