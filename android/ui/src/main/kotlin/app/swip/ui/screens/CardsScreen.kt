package app.swip.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.LinearProgressIndicator
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import app.swip.ui.CardForm
import app.swip.ui.WalletActions
import app.swip.ui.model.CardRow
import app.swip.ui.model.Screen
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString
import app.swip.ui.text.date

@Composable
internal fun CardsScreen(
    screen: Screen.Cards,
    strings: Strings,
    actions: WalletActions,
) {
    var adding by remember { mutableStateOf(false) }
    Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        Title(strings.get(UiString.CARDS_TITLE))
        TextButton(onClick = actions::refreshCards, enabled = !screen.loading) { Text(strings.get(UiString.CARDS_REFRESH)) }
        TextButton(onClick = actions::signOut) { Text(strings.get(UiString.SIGN_OUT)) }
    }
    if (screen.loading) LinearProgressIndicator(Modifier.fillMaxWidth())
    screen.problem?.let { ProblemLine(it) }
    if (screen.cards.isEmpty() && !screen.loading) Text(strings.get(UiString.CARDS_EMPTY))
    screen.cards.forEach { CardItem(it, enabled = !screen.loading, strings, actions) }
    if (adding) {
        CardFormFields(strings, onCancel = { adding = false }) { form ->
            actions.bindCard(form)
            adding = false
        }
    } else {
        Button(onClick = { adding = true }, enabled = !screen.loading) { Text(strings.get(UiString.CARD_ADD)) }
    }
    TillOrder(strings, actions)
}

@Composable
private fun CardItem(
    card: CardRow,
    enabled: Boolean,
    strings: Strings,
    actions: WalletActions,
) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(card.title, style = MaterialTheme.typography.titleMedium)
            val marks =
                listOfNotNull(
                    card.bank,
                    strings.get(UiString.CARD_DEFAULT).takeIf { card.isDefault },
                    strings.get(UiString.CARD_BLOCKED).takeIf { card.blocked },
                )
            Text(marks.joinToString(" · "))
            Text(strings.get(UiString.CARD_ADDED_ON, strings.date(card.createdAtMs)), style = MaterialTheme.typography.bodySmall)
            Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                if (card.isDefault) {
                    TextButton(onClick = { actions.unsetDefaultCard(card.id) }, enabled = enabled) { Text(strings.get(UiString.CARD_UNSET_DEFAULT)) }
                } else {
                    TextButton(onClick = { actions.setDefaultCard(card.id) }, enabled = enabled && !card.blocked) {
                        Text(strings.get(UiString.CARD_MAKE_DEFAULT))
                    }
                }
                TextButton(onClick = { actions.deleteCard(card.id) }, enabled = enabled) { Text(strings.get(UiString.CARD_DELETE)) }
            }
        }
    }
}

@Composable
private fun CardFormFields(
    strings: Strings,
    onCancel: () -> Unit,
    onSubmit: (CardForm) -> Unit,
) {
    var number by remember { mutableStateOf("") }
    var month by remember { mutableStateOf("") }
    var year by remember { mutableStateOf("") }
    var cvv by remember { mutableStateOf("") }
    var holder by remember { mutableStateOf("") }
    var makeDefault by remember { mutableStateOf(false) }
    val digits = KeyboardOptions(keyboardType = KeyboardType.NumberPassword)
    OutlinedTextField(number, { number = it }, label = { Text(strings.get(UiString.CARD_NUMBER)) }, keyboardOptions = digits, singleLine = true)
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(month, { month = it }, Modifier.weight(1f), label = { Text(strings.get(UiString.CARD_MONTH)) }, keyboardOptions = digits)
        OutlinedTextField(year, { year = it }, Modifier.weight(1f), label = { Text(strings.get(UiString.CARD_YEAR)) }, keyboardOptions = digits)
        OutlinedTextField(
            cvv,
            { cvv = it },
            Modifier.weight(1f),
            label = { Text(strings.get(UiString.CARD_CVV)) },
            visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = digits,
        )
    }
    OutlinedTextField(holder, { holder = it }, label = { Text(strings.get(UiString.CARD_HOLDER)) }, singleLine = true)
    Row(verticalAlignment = Alignment.CenterVertically) {
        Checkbox(makeDefault, { makeDefault = it })
        Text(strings.get(UiString.CARD_MAKE_DEFAULT))
    }
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        Button(onClick = { onSubmit(CardForm(number, month, year, cvv, holder, makeDefault)) }) { Text(strings.get(UiString.CARD_BIND)) }
        TextButton(onClick = onCancel) { Text(strings.get(UiString.CANCEL)) }
    }
}

/** A till's order: the text of its QR code (a camera scanner would fill it in). */
@Composable
private fun TillOrder(
    strings: Strings,
    actions: WalletActions,
) {
    var code by remember { mutableStateOf("") }
    Text(strings.get(UiString.TILL_TITLE), style = MaterialTheme.typography.titleMedium)
    OutlinedTextField(code, { code = it }, label = { Text(strings.get(UiString.TILL_CODE_LABEL)) }, singleLine = true)
    OutlinedButton(onClick = { actions.findTillOrder(code) }, enabled = code.isNotBlank()) { Text(strings.get(UiString.TILL_OPEN)) }
}
