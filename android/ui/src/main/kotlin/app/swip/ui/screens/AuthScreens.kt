package app.swip.ui.screens

import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import app.swip.ui.WalletActions
import app.swip.ui.model.PinPurpose
import app.swip.ui.model.Screen
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString
import kotlinx.coroutines.delay

@Composable
internal fun PhoneScreen(
    screen: Screen.Phone,
    strings: Strings,
    actions: WalletActions,
) {
    var phone by remember { mutableStateOf("") }
    Title(strings.get(UiString.PHONE_TITLE))
    OutlinedTextField(
        phone,
        { phone = it },
        label = { Text(strings.get(UiString.PHONE_LABEL)) },
        placeholder = { Text("+7 900 000-00-00") },
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone),
        singleLine = true,
    )
    screen.problem?.let { ProblemLine(it) }
    Button(onClick = { actions.startSignup(phone) }, enabled = !screen.submitting) {
        Text(strings.get(if (screen.submitting) UiString.SENDING else UiString.PHONE_SUBMIT))
    }
}

@Composable
internal fun CodeScreen(
    screen: Screen.Code,
    strings: Strings,
    actions: WalletActions,
    nowMs: () -> Long?,
) {
    var code by remember { mutableStateOf("") }
    // The core's countdown: the resend time is on the wallet's clock; redraw once a second until it passes.
    var now by remember { mutableStateOf(nowMs()) }
    LaunchedEffect(screen.resendAtMs) {
        while ((now ?: Long.MIN_VALUE) < screen.resendAtMs) {
            delay(1_000)
            now = nowMs()
        }
    }
    val waitS = now?.let { ((screen.resendAtMs - it) + 999) / 1_000 } ?: 0L
    Title(strings.get(UiString.CODE_TITLE))
    Text(strings.get(UiString.CODE_SENT_TO, screen.maskedPhone))
    OutlinedTextField(
        code,
        { code = it },
        label = { Text(strings.get(UiString.CODE_LABEL)) },
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
        singleLine = true,
    )
    screen.problem?.let { ProblemLine(it) }
    Button(onClick = { actions.submitCode(code) }, enabled = !screen.verifying) { Text(strings.get(UiString.CODE_SUBMIT)) }
    OutlinedButton(onClick = actions::resendSms, enabled = waitS <= 0 && !screen.verifying) {
        Text(if (waitS > 0) strings.get(UiString.CODE_RESEND_IN, "%d:%02d".format(waitS / 60, waitS % 60)) else strings.get(UiString.CODE_RESEND))
    }
}

@Composable
internal fun PinScreen(
    screen: Screen.Pin,
    strings: Strings,
    actions: WalletActions,
) {
    var pin by remember { mutableStateOf("") }
    var first by remember { mutableStateOf("") }
    var last by remember { mutableStateOf("") }
    val title =
        when (screen.purpose) {
            PinPurpose.SETUP -> UiString.PIN_SETUP_TITLE
            PinPurpose.LOGIN -> UiString.PIN_LOGIN_TITLE
            PinPurpose.UNLOCK -> UiString.PIN_UNLOCK_TITLE
        }
    Title(strings.get(title))
    if (screen.sessionExpired) Text(strings.get(UiString.PIN_REASON_SESSION))
    OutlinedTextField(
        pin,
        { pin = it },
        label = { Text(strings.get(UiString.PIN_LABEL)) },
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
        singleLine = true,
    )
    if (screen.purpose == PinPurpose.SETUP) {
        OutlinedTextField(first, { first = it }, label = { Text(strings.get(UiString.FIRST_NAME)) }, singleLine = true)
        OutlinedTextField(last, { last = it }, label = { Text(strings.get(UiString.LAST_NAME)) }, singleLine = true)
    }
    screen.problem?.let { ProblemLine(it) }
    Button(
        onClick = { if (screen.purpose == PinPurpose.SETUP) actions.setPin(pin, first, last) else actions.enterPin(pin) },
        enabled = !screen.submitting,
    ) { Text(strings.get(UiString.CONTINUE_BUTTON)) }
    if (screen.purpose != PinPurpose.SETUP) {
        OutlinedButton(onClick = actions::signOut, enabled = !screen.submitting) { Text(strings.get(UiString.SIGN_OUT)) }
    }
}

@Composable
internal fun AccountLockedScreen(
    screen: Screen.AccountLocked,
    strings: Strings,
    actions: WalletActions,
) {
    Title(strings.get(UiString.ACCOUNT_LOCKED_TITLE))
    Text(strings.get(UiString.ACCOUNT_LOCKED_BODY, screen.maskedPhone))
    Button(onClick = { actions.startSignup(screen.phone) }) { Text(strings.get(UiString.PHONE_SUBMIT)) }
}
