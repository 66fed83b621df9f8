package app.swip.android.ui

import android.annotation.SuppressLint
import android.graphics.Bitmap
import android.webkit.WebResourceRequest
import android.webkit.WebView
import android.webkit.WebViewClient
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableLongStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.swip.android.WalletViewModel
import app.swip.core.AppState
import app.swip.core.AuthState
import app.swip.core.BindingStage
import app.swip.core.BindingState
import app.swip.core.CardsState
import app.swip.core.CheckoutState
import app.swip.core.PaymentStage
import app.swip.core.Problem
import app.swip.core.Wallet
import kotlinx.coroutines.delay

// Every screen is a function of the core's AppState; buttons call WalletViewModel, which calls
// the core. What is shown when is decided by the state, not by this file.

@Composable
fun SwipScreen(model: WalletViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val wallet by model.wallet.collectAsStateWithLifecycle()
    val message by model.message.collectAsStateWithLifecycle()
    Column(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        val current = state
        val w = wallet
        if (current == null || w == null) {
            CircularProgressIndicator()
        } else {
            Journey(current, w, model)
        }
    }
    message?.let {
        AlertDialog(
            onDismissRequest = model::dismissMessage,
            confirmButton = { TextButton(onClick = model::dismissMessage) { Text("OK") } },
            text = { Text(it) },
        )
    }
}

@Composable
private fun Journey(
    state: AppState,
    wallet: Wallet,
    model: WalletViewModel,
) {
    when (val auth = state.auth) {
        is AuthState.SignedOut -> {
            PhoneScreen(submitting = false, problem = null, onSubmit = model::startSignup)
        }

        is AuthState.PhoneEntered -> {
            PhoneScreen(auth.submitting, auth.problem, model::startSignup)
        }

        is AuthState.AwaitingCode -> {
            CodeScreen(auth, wallet, model)
        }

        is AuthState.PinSetup -> {
            PinScreen("Choose a PIN", auth.submitting, auth.problem, null, askNames = true) { pin, first, last ->
                model.setPin(pin, first, last)
            }
        }

        is AuthState.DeviceLogin -> {
            PinScreen("Enter your PIN", auth.submitting, auth.problem, auth.attemptsLeft, askNames = false) { pin, _, _ ->
                model.enterPin(pin)
            }
        }

        is AuthState.Locked -> {
            PinScreen("Enter your PIN to unlock", auth.submitting, auth.problem, auth.attemptsLeft, askNames = false) { pin, _, _ ->
                model.enterPin(pin)
            }
        }

        is AuthState.AccountLocked -> {
            Text("Too many wrong PINs. Confirm your phone by SMS again.")
            Button(onClick = { model.startSignup(auth.phone) }) { Text("Send SMS") }
        }

        is AuthState.SignedIn -> {
            val binding = state.binding
            val checkout = state.checkout
            when {
                binding != null -> BindingScreen(binding, wallet, model)
                checkout != null -> CheckoutScreen(checkout, state.cards, model)
                else -> CardsScreen(state.cards, model)
            }
        }
    }
}

@Composable
private fun ProblemText(problem: Problem?) {
    problem?.let { Text(it.message) }
}

@Composable
private fun PhoneScreen(
    submitting: Boolean,
    problem: Problem?,
    onSubmit: (String) -> Unit,
) {
    var phone by remember { mutableStateOf("") }
    Text("Your phone number")
    OutlinedTextField(phone, { phone = it }, keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone), label = { Text("+7 …") })
    ProblemText(problem)
    Button(onClick = { onSubmit(phone) }, enabled = !submitting) { Text(if (submitting) "Sending…" else "Get the code") }
}

@Composable
private fun CodeScreen(
    auth: AuthState.AwaitingCode,
    wallet: Wallet,
    model: WalletViewModel,
) {
    var code by remember { mutableStateOf("") }
    // The resend time is on the wallet's clock: count down against wallet.nowMs().
    var now by remember { mutableLongStateOf(wallet.nowMs()) }
    LaunchedEffect(auth.resendAvailableAtMs) {
        while (now < auth.resendAvailableAtMs) {
            delay(1000)
            now = wallet.nowMs()
        }
    }
    Text("The code sent to +${auth.phone.first()} ••• ••• ••-${auth.phone.takeLast(2)}")
    OutlinedTextField(code, {
        code = it
    }, keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword), label = { Text("SMS code") })
    ProblemText(auth.problem)
    Button(onClick = { model.submitCode(code) }, enabled = !auth.verifying) { Text("Confirm") }
    val wait = (auth.resendAvailableAtMs - now + 999) / 1000
    OutlinedButton(onClick = model::resendSms, enabled = wait <= 0) { Text(if (wait > 0) "Resend in $wait s" else "Resend the SMS") }
}

@Composable
private fun PinScreen(
    title: String,
    submitting: Boolean,
    problem: Problem?,
    attemptsLeft: UInt?,
    askNames: Boolean,
    onSubmit: (String, String, String) -> Unit,
) {
    var pin by remember { mutableStateOf("") }
    var first by remember { mutableStateOf("") }
    var last by remember { mutableStateOf("") }
    Text(title)
    OutlinedTextField(
        pin,
        { pin = it },
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
        label = { Text("PIN") },
    )
    if (askNames) {
        OutlinedTextField(first, { first = it }, label = { Text("First name (optional)") })
        OutlinedTextField(last, { last = it }, label = { Text("Last name (optional)") })
    }
    ProblemText(problem)
    attemptsLeft?.let { Text("Attempts left: $it") }
    Button(onClick = { onSubmit(pin, first, last) }, enabled = !submitting) { Text("Continue") }
}

@Composable
private fun CardsScreen(
    cards: CardsState,
    model: WalletViewModel,
) {
    var adding by remember { mutableStateOf(false) }
    var sessionCode by remember { mutableStateOf("") }
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedButton(onClick = model::refreshCards) { Text("Refresh") }
        OutlinedButton(onClick = model::signOut) { Text("Sign out") }
    }
    if (cards.loading) CircularProgressIndicator()
    ProblemText(cards.problem)
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        cards.cards.forEach { card ->
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp)) {
                    Text("${card.paymentSystem} ${card.maskedNumber}")
                    Text(card.bankName + (if (card.isDefault) " · default" else "") + (if (card.blocked) " · blocked" else ""))
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        if (!card.isDefault) TextButton(onClick = { model.setDefaultCard(card.id) }) { Text("Make default") }
                        TextButton(onClick = { model.deleteCard(card.id) }) { Text("Delete") }
                    }
                }
            }
        }
    }
    if (adding) {
        CardForm(onCancel = { adding = false }) { number, month, year, cvv, holder, makeDefault ->
            model.bindCard(number, month, year, cvv, holder, makeDefault)
            adding = false
        }
    } else {
        Button(onClick = { adding = true }) { Text("Add a card") }
    }
    // A till's order: the text of its QR code (a camera scanner would fill this in).
    OutlinedTextField(sessionCode, { sessionCode = it }, label = { Text("Till QR code") })
    OutlinedButton(onClick = { model.findCounterOrder(sessionCode) }) { Text("Open the till's order") }
}

@Composable
private fun CardForm(
    onCancel: () -> Unit,
    onSubmit: (String, UInt, UInt, String, String, Boolean) -> Unit,
) {
    var number by remember { mutableStateOf("") }
    var month by remember { mutableStateOf("") }
    var year by remember { mutableStateOf("") }
    var cvv by remember { mutableStateOf("") }
    var holder by remember { mutableStateOf("") }
    OutlinedTextField(number, {
        number = it
    }, label = { Text("Card number") }, keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number))
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(month, { month = it }, label = { Text("MM") }, modifier = Modifier.weight(1f))
        OutlinedTextField(year, { year = it }, label = { Text("YY") }, modifier = Modifier.weight(1f))
        OutlinedTextField(
            cvv,
            { cvv = it },
            label = { Text("CVV") },
            modifier = Modifier.weight(1f),
            visualTransformation = PasswordVisualTransformation(),
        )
    }
    OutlinedTextField(holder, { holder = it }, label = { Text("Cardholder") })
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        // Unparseable month/year become 0: the core reports the field, with its reason.
        Button(onClick = { onSubmit(number, month.toUIntOrNull() ?: 0u, year.toUIntOrNull() ?: 0u, cvv, holder, false) }) { Text("Bind") }
        TextButton(onClick = onCancel) { Text("Cancel") }
    }
}

@Composable
private fun BindingScreen(
    binding: BindingState,
    wallet: Wallet,
    model: WalletViewModel,
) {
    Text("Card •••• ${binding.last4}")
    when (val stage = binding.stage) {
        is BindingStage.Submitting, is BindingStage.Processing -> {
            CircularProgressIndicator()
        }

        is BindingStage.ThreeDsChallenge -> {
            val html = stage.html
            if (html == null) {
                CircularProgressIndicator()
            } else {
                ThreeDsWebView(html, stage.returnUrl, wallet, onReturned = model::threeDsReturned)
                TextButton(onClick = model::threeDsClosed) { Text("Close") }
            }
        }

        is BindingStage.AwaitingResult -> {
            CircularProgressIndicator()
            Text("Waiting for the bank's answer")
        }

        is BindingStage.Bound -> {
            Text("The card is bound.")
            Button(onClick = model::dismissBinding) { Text("Done") }
        }

        is BindingStage.Failed -> {
            Text("The card was not bound: ${stage.problem.message}")
            Button(onClick = model::dismissBinding) { Text("OK") }
        }

        is BindingStage.Unknown -> {
            Text("No answer from the bank yet.")
            Button(onClick = model::checkAgain) { Text("Check again") }
        }
    }
}

/**
 * The bank's 3-D Secure page. Every navigation is checked with the core's
 * `isThreeDsReturnUrl` (scheme, host, port, path); on a match the WebView stops and the core is
 * told. Form POSTs skip `shouldOverrideUrlLoading`, so `onPageStarted` checks too. The outcome
 * is always read from the server by the core, never from the page.
 */
@SuppressLint("SetJavaScriptEnabled")
@Composable
private fun ThreeDsWebView(
    html: String,
    returnUrl: String,
    wallet: Wallet,
    onReturned: () -> Unit,
) {
    var reported by remember { mutableStateOf(false) }

    fun reached(url: String?): Boolean {
        if (url == null || !wallet.isThreeDsReturnUrl(url)) return false
        if (!reported) {
            reported = true
            onReturned()
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

@Composable
private fun CheckoutScreen(
    checkout: CheckoutState,
    cards: CardsState,
    model: WalletViewModel,
) {
    checkout.order?.let { order ->
        Text("${order.merchantName}, ${order.storeName} — order ${order.orderNumber}")
        order.lines.forEach { Text("${it.name} × ${it.quantity}: ${rub(it.amountKopecks)}") }
        if (order.discountKopecks > 0) Text("Discount: −${rub(order.discountKopecks)}")
        Text("To pay: ${rub(order.totalKopecks)}")
        if (order.cashbackKopecks > 0) Text("Cashback: ${rub(order.cashbackKopecks)}")
    }
    var email by remember { mutableStateOf("") }
    when (val stage = checkout.stage) {
        is PaymentStage.CreatingOrder -> {
            CircularProgressIndicator()
        }

        is PaymentStage.OrderRefused -> {
            Text(stage.problem.message)
            Button(onClick = model::dismissCheckout) { Text("OK") }
        }

        is PaymentStage.Created -> {
            ProblemText(stage.problem)
            OutlinedTextField(email, { email = it }, label = { Text("E-mail for the receipt") })
            val default = cards.cards.firstOrNull { it.isDefault }
            Button(onClick = { model.pay(null, email) }, enabled = default != null) {
                Text("Pay with ${default?.maskedNumber ?: "the default card"}")
            }
            TextButton(onClick = model::dismissCheckout) { Text("Cancel") }
        }

        is PaymentStage.Paying -> {
            CircularProgressIndicator()
            Text("Paying with ${stage.attempt.cardMasked}…")
        }

        is PaymentStage.Paid -> {
            Text("Paid. The receipt goes to ${stage.attempt.email}.")
            Button(onClick = model::dismissCheckout) { Text("Done") }
        }

        is PaymentStage.Failed -> {
            Text("The payment failed: ${stage.problem.message}")
            Button(onClick = model::dismissCheckout) { Text("OK") }
        }

        is PaymentStage.Unknown -> {
            Text("The payment's outcome is not known yet. You will not be charged twice.")
            Button(onClick = model::checkAgain) { Text("Check again") }
        }

        is PaymentStage.ConfirmingAtCounter -> {
            CircularProgressIndicator()
        }

        is PaymentStage.AtCounter -> {
            Text("Pay at the counter (${stage.method.name.lowercase()}).")
            Button(onClick = model::dismissCheckout) { Text("Done") }
        }
    }
}

private fun rub(kopecks: Long): String = "%d.%02d ₽".format(kopecks / 100, kopecks % 100)
