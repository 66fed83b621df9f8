package app.swip.android

import android.annotation.SuppressLint
import android.graphics.Bitmap
import android.webkit.WebResourceRequest
import android.webkit.WebView
import android.webkit.WebViewClient
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.viewinterop.AndroidView
import app.swip.ui.WalletActions

/**
 * The bank's 3-D Secure page. Every navigation is checked with the core's return-URL match
 * (scheme, host, port, path); on a match the WebView stops and the core is told. Form POSTs skip
 * `shouldOverrideUrlLoading`, so `onPageStarted` checks too. The outcome is always read from the
 * server by the core, never from the page.
 */
@SuppressLint("SetJavaScriptEnabled")
@Composable
fun ThreeDsWebView(
    html: String,
    returnUrl: String,
    actions: WalletActions,
) {
    var reported by remember { mutableStateOf(false) }

    fun reached(url: String?): Boolean {
        if (url == null || !actions.isThreeDsReturnUrl(url)) return false
        if (!reported) {
            reported = true
            actions.threeDsReturned()
        }
        return true
    }
    AndroidView(
        modifier = Modifier.fillMaxWidth(),
        factory = { context ->
            WebView(context).apply {
                settings.javaScriptEnabled = true
                webViewClient =
                    object : WebViewClient() {
                        override fun shouldOverrideUrlLoading(
                            view: WebView,
                            request: WebResourceRequest,
                        ): Boolean = reached(request.url.toString())

                        override fun onPageStarted(
                            view: WebView,
                            url: String?,
                            favicon: Bitmap?,
                        ) {
                            if (reached(url)) view.stopLoading()
                        }
                    }
                loadDataWithBaseURL(returnUrl, html, "text/html", "utf-8", null)
            }
        },
    )
}
