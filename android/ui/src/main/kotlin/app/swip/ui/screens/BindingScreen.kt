package app.swip.ui.screens

import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import app.swip.ui.WalletActions
import app.swip.ui.model.BindingStep
import app.swip.ui.model.Screen
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString

@Composable
internal fun BindingScreen(
    screen: Screen.Binding,
    strings: Strings,
    actions: WalletActions,
    threeDsPage: @Composable (html: String, returnUrl: String) -> Unit,
) {
    Title(strings.get(UiString.BINDING_TITLE, screen.last4))
    when (val step = screen.stage) {
        is BindingStep.Processing -> {
            CircularProgressIndicator()
            Text(strings.get(UiString.BINDING_PROCESSING))
        }
        is BindingStep.ThreeDs -> {
            Text(strings.get(UiString.BINDING_3DS_HINT))
            if (step.html == null) CircularProgressIndicator() else threeDsPage(step.html, step.returnUrl)
            OutlinedButton(onClick = actions::threeDsClosed) { Text(strings.get(UiString.BINDING_3DS_CLOSE)) }
        }
        is BindingStep.Waiting -> {
            CircularProgressIndicator()
            Text(strings.get(UiString.BINDING_WAITING))
        }
        is BindingStep.Bound -> {
            Text(strings.get(UiString.BINDING_BOUND))
            Button(onClick = actions::dismissBinding) { Text(strings.get(UiString.DONE)) }
        }
        is BindingStep.Failed -> {
            Text(strings.get(UiString.BINDING_FAILED))
            ProblemLine(step.problem)
            Button(onClick = actions::dismissBinding) { Text(strings.get(UiString.OK)) }
        }
        is BindingStep.Unknown -> {
            Text(strings.get(UiString.BINDING_UNKNOWN))
            Button(onClick = actions::checkAgain) { Text(strings.get(UiString.CHECK_AGAIN)) }
        }
    }
}
