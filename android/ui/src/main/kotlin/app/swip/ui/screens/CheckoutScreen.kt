package app.swip.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontWeight
import app.swip.ui.WalletActions
import app.swip.ui.model.OrderSummary
import app.swip.ui.model.PaymentStep
import app.swip.ui.model.Screen
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString

@Composable
internal fun CheckoutScreen(
    screen: Screen.Checkout,
    strings: Strings,
    actions: WalletActions,
) {
    screen.order?.let { OrderLines(it, strings) }
    when (val step = screen.step) {
        is PaymentStep.Creating -> {
            CircularProgressIndicator()
            Text(strings.get(UiString.ORDER_CREATING))
        }
        is PaymentStep.Refused -> {
            Title(strings.get(UiString.ORDER_REFUSED))
            ProblemLine(step.problem)
            Button(onClick = actions::dismissCheckout) { Text(strings.get(UiString.OK)) }
        }
        is PaymentStep.Ready -> Pay(screen, step, strings, actions)
        is PaymentStep.Paying -> {
            CircularProgressIndicator()
            Text(strings.get(UiString.PAYING))
            Text(strings.get(UiString.PAY_CARD, step.card))
        }
        is PaymentStep.Paid -> {
            Title(strings.get(UiString.PAID))
            Text(strings.get(UiString.PAY_CARD, step.card))
            if (step.email.isNotBlank()) Text(strings.get(UiString.PAID_RECEIPT, step.email))
            Button(onClick = actions::dismissCheckout) { Text(strings.get(UiString.DONE)) }
        }
        is PaymentStep.Failed -> {
            Title(strings.get(UiString.PAY_FAILED))
            ProblemLine(step.problem)
            Button(onClick = actions::dismissCheckout) { Text(strings.get(UiString.OK)) }
        }
        is PaymentStep.Unknown -> {
            Text(strings.get(UiString.PAY_UNKNOWN))
            Text(strings.get(UiString.PAY_CARD, step.card))
            Button(onClick = actions::checkAgain) { Text(strings.get(UiString.CHECK_AGAIN)) }
        }
        is PaymentStep.ConfirmingAtTill -> {
            CircularProgressIndicator()
            Text(strings.get(UiString.COUNTER_CONFIRMING))
        }
        is PaymentStep.AtTill -> {
            Title(strings.get(if (step.cash) UiString.COUNTER_CASH else UiString.COUNTER_TERMINAL))
            Button(onClick = actions::dismissCheckout) { Text(strings.get(UiString.DONE)) }
        }
    }
}

@Composable
private fun Pay(
    screen: Screen.Checkout,
    step: PaymentStep.Ready,
    strings: Strings,
    actions: WalletActions,
) {
    var email by remember { mutableStateOf("") }
    step.problem?.let { ProblemLine(it) }
    val total = screen.order?.total.orEmpty()
    if (screen.payCard == null) {
        Text(strings.get(UiString.PAY_NO_CARD))
    } else {
        OutlinedTextField(email, { email = it }, label = { Text(strings.get(UiString.EMAIL_LABEL)) }, singleLine = true)
        Text(strings.get(UiString.PAY_CARD, screen.payCard.title))
    }
    Button(onClick = { actions.pay(email) }, enabled = screen.payCard != null && screen.order != null) {
        Text(strings.get(UiString.PAY_BUTTON, total))
    }
    if (screen.atTill) {
        OutlinedButton(onClick = { actions.payAtTill(cash = true) }) { Text(strings.get(UiString.PAY_AT_COUNTER_CASH)) }
        OutlinedButton(onClick = { actions.payAtTill(cash = false) }) { Text(strings.get(UiString.PAY_AT_COUNTER_TERMINAL)) }
    }
    TextButton(onClick = actions::dismissCheckout) { Text(strings.get(UiString.CANCEL)) }
}

@Composable
private fun OrderLines(
    order: OrderSummary,
    strings: Strings,
) {
    // A server need not send the number or the names (they are read as empty): nothing dangles.
    Title(
        if (order.number.isBlank()) {
            strings.get(UiString.ORDER_TITLE_UNNUMBERED)
        } else {
            strings.get(UiString.ORDER_TITLE, order.number)
        },
    )
    val place = listOf(order.merchant, order.store).filter { it.isNotBlank() }
    if (place.isNotEmpty()) Text(place.joinToString(", "))
    order.lines.forEach { Sum("${it.name} × ${it.quantity}", it.amount) }
    HorizontalDivider()
    order.subtotal?.let { Sum(strings.get(UiString.ORDER_SUBTOTAL), it) }
    order.discount?.let { Sum(strings.get(UiString.ORDER_DISCOUNT), it) }
    Sum(strings.get(UiString.ORDER_TOTAL), order.total, bold = true)
    order.cashback?.let { Sum(strings.get(UiString.ORDER_CASHBACK), it) }
}

/** A label and its amount on one line. */
@Composable
private fun Sum(
    label: String,
    amount: String,
    bold: Boolean = false,
) {
    val weight = if (bold) FontWeight.Bold else FontWeight.Normal
    Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
        Text(label, fontWeight = weight, style = MaterialTheme.typography.bodyLarge)
        Text(amount, fontWeight = weight, style = MaterialTheme.typography.bodyLarge)
    }
}
