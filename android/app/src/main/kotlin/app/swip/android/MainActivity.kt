package app.swip.android

import android.os.Bundle
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.swip.ui.model.Screen
import app.swip.ui.screens.SwipApp

/**
 * The one activity: draws [WalletViewModel]'s screens. The core's states are collected with the
 * activity's lifecycle (the native subscription lives only while the app is visible). Card and PIN
 * screens are FLAG_SECURE: no screenshots, blank in the app switcher.
 */
class MainActivity : ComponentActivity() {
    private val model: WalletViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent { App(model) }
    }

    @Composable
    private fun App(model: WalletViewModel) {
        val controller = model.controller
        val screen by controller.screens.collectAsStateWithLifecycle(initialValue = Screen.Opening)
        val notice by controller.notice.collectAsStateWithLifecycle()
        SecureWhen(screen.sensitive)
        SwipApp(screen, notice, model.strings, controller, controller::nowMs) { html, returnUrl ->
            ThreeDsWebView(html, returnUrl, controller)
        }
    }

    /** FLAG_SECURE while [secure]. */
    @Composable
    private fun SecureWhen(secure: Boolean) {
        DisposableEffect(secure) {
            if (secure) {
                window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
            } else {
                window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
            }
            onDispose { }
        }
    }
}
