package app.swip.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.swip.ui.WalletActions
import app.swip.ui.model.Screen
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString

/**
 * The whole app for one [screen]: a pure function of what it is given, so the same code draws it on
 * a phone and in the desktop render test.
 *
 * @param notice what the state does not show (invalid fields), shown once under the form.
 * @param nowMs the wallet's clock, for the SMS resend countdown.
 * @param threeDsPage draws the bank's 3-D Secure page (a WebView on Android).
 */
@Composable
fun SwipApp(
    screen: Screen,
    notice: String?,
    strings: Strings,
    actions: WalletActions,
    nowMs: () -> Long?,
    threeDsPage: @Composable (html: String, returnUrl: String) -> Unit,
) {
    MaterialTheme {
        Surface(Modifier.fillMaxSize()) {
            Column(
                Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(20.dp),
                verticalArrangement = Arrangement.spacedBy(12.dp),
            ) {
                when (screen) {
                    is Screen.Opening -> {
                        Text(strings.get(UiString.OPENING))
                        CircularProgressIndicator()
                    }
                    is Screen.OpenFailed -> ProblemLine(screen.problem)
                    is Screen.Phone -> PhoneScreen(screen, strings, actions)
                    is Screen.Code -> CodeScreen(screen, strings, actions, nowMs)
                    is Screen.Pin -> PinScreen(screen, strings, actions)
                    is Screen.AccountLocked -> AccountLockedScreen(screen, strings, actions)
                    is Screen.Cards -> CardsScreen(screen, strings, actions)
                    is Screen.Binding -> BindingScreen(screen, strings, actions, threeDsPage)
                    is Screen.Checkout -> CheckoutScreen(screen, strings, actions)
                }
                notice?.let { ProblemLine(it) }
            }
        }
    }
}
