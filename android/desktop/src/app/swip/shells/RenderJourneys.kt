@file:OptIn(ExperimentalTestApi::class)

package app.swip.shells

import androidx.compose.foundation.border
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.Box
import androidx.compose.material3.Text
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.asSkiaBitmap
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import app.swip.core.AppState
import app.swip.core.AuthState
import app.swip.core.BindingStage
import app.swip.core.OrderLine
import app.swip.core.PaymentStage
import app.swip.core.SubscriptionHandle
import app.swip.core.walletConfig
import app.swip.core.TextLocale
import app.swip.core.Wallet
import app.swip.core.WalletConfig
import app.swip.core.formatRub
import app.swip.core.maskPhone
import app.swip.core.problemText
import app.swip.core.test.MemoryStore
import app.swip.core.test.Recorder
import app.swip.core.test.SandboxProcess
import app.swip.ui.CardForm
import app.swip.ui.WalletController
import app.swip.ui.model.ScreenMapping
import app.swip.ui.screens.SwipApp
import app.swip.ui.text.UiString
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.jetbrains.skia.EncodedImageFormat
import org.jetbrains.skia.Image
import java.io.File

/** One rendered state: its file name, what it shows, and what did not hold. */
data class Shot(
    val name: String,
    val caption: String,
    val failures: List<String>,
)

/**
 * Drives the real core (the generated Kotlin bindings over the release `libswip_ffi.so`) against a
 * `swip-sandbox` through the journeys of issue 14, with the shell's own [WalletController] for every
 * tap, and renders each distinct state with the shell's own [SwipApp] to `<out>/<name>.png`,
 * checking from the semantics tree what a user would check.
 */
class RenderJourneys(
    private val sandbox: SandboxProcess,
    private val locale: TextLocale,
    resDir: File,
    private val outDir: File,
) {
    private val strings = XmlStrings(resDir, locale)
    private val foreignTexts: Set<String> = foreignTexts(resDir)
    private val mapping = ScreenMapping(locale)
    private val store = MemoryStore()
    private val phone = if (locale == TextLocale.RU) "79160000067" else "79160000089"
    private var wallet: Wallet? = null
    private var recorder = Recorder()
    private var subscription: SubscriptionHandle? = null
    private var scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private lateinit var controller: WalletController

    /** The screens rendered so far. */
    val shots = mutableListOf<Shot>()

    private fun s(
        key: UiString,
        vararg args: Any,
    ) = strings.get(key, *args)

    private fun rub(kopecks: Long) = formatRub(kopecks, locale)

    /** The texts of the other language (those that differ from this one's), which must never show. */
    private fun foreignTexts(resDir: File): Set<String> {
        val other = XmlStrings(resDir, if (locale == TextLocale.RU) TextLocale.EN else TextLocale.RU).texts
        return other.filter { (name, text) -> text.length >= 4 && strings.texts[name] != text && !text.contains("%") }.values.toSet()
    }

    private suspend fun open() {
        val config = walletConfig(sandbox.url).copy(pollIntervalMs = 250L, paymentDeadlineMs = 8_000L)
        val opened = Wallet.open(config, store)
        recorder = Recorder()
        recorder.onState(opened.state())
        subscription = opened.subscribe(recorder)
        scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        controller = WalletController(scope, strings) { opened }
        wallet = opened
    }

    /** The app is killed: the wallet and everything it ran are gone; the store stays. */
    private fun kill() {
        scope.cancel()
        subscription?.let {
            it.cancel()
            it.close()
        }
        wallet?.let {
            it.shutdown()
            it.close()
        }
        wallet = null
    }

    private suspend fun await(predicate: (AppState) -> Boolean): AppState = recorder.awaitState(predicate)

    /** Renders [state] as the app would and checks it; [caption] says what the user sees. */
    private fun shot(
        name: String,
        caption: String,
        state: AppState,
        checks: ScreenChecks.() -> Unit,
    ) {
        val screen = mapping.screen(state)
        val notice = controller.notice.value
        var failures: List<String> = emptyList()
        runSkikoComposeUiTest(Size(WIDTH_DP * DENSITY, HEIGHT_DP * DENSITY), Density(DENSITY)) {
            // The test clock stands still: the SMS countdown waits on the wallet's clock, not on it.
            mainClock.autoAdvance = false
            setContent {
                SwipApp(screen, notice, strings, controller, controller::nowMs) { _, returnUrl ->
                    // The desktop has no WebView: a frame stands where the bank's page is drawn.
                    Box(Modifier.fillMaxWidth().height(160.dp).border(1.dp, Color.Gray).padding(12.dp)) {
                        Text(s(UiString.THREE_DS_PAGE) + "\n" + returnUrl.substringBefore('?'))
                    }
                }
            }
            mainClock.advanceTimeByFrame()
            waitForIdle()
            val check = ScreenChecks(this)
            check.noDeveloperText(foreignTexts)
            check.checks()
            failures = check.failures.toList()
            val bitmap = captureToImage().asSkiaBitmap()
            val png = Image.makeFromBitmap(bitmap).encodeToData(EncodedImageFormat.PNG) ?: error("PNG encoding failed")
            File(outDir, "$name.png").writeBytes(png.bytes)
        }
        shots += Shot(name, caption, failures)
        println("${if (failures.isEmpty()) "ok  " else "FAIL"} ${locale.name.lowercase()}/$name" + failures.joinToString("") { "\n       - $it" })
    }

    private fun problemOf(state: AppState): String? {
        val problem =
            when (val auth = state.auth) {
                is AuthState.AwaitingCode -> auth.problem
                is AuthState.Locked -> auth.problem
                is AuthState.DeviceLogin -> auth.problem
                else -> null
            }
        return problem?.let { problemText(it, locale) }
    }

    /** Every journey, in order, on one device (one store). */
    fun run() =
        runBlocking {
            outDir.mkdirs()
            open()
            signup()
            cards()
            payments()
            till()
            unknownAndRestart()
            kill()
        }

    private suspend fun signup() {
        shot("01-phone", "Signed out: the phone is asked for", await { it.auth is AuthState.SignedOut }) {
            shows(s(UiString.PHONE_TITLE))
            enabled(s(UiString.PHONE_SUBMIT))
        }
        controller.startSignup("+7 (916) 000-00-${phone.takeLast(2)}")
        val awaiting = await { it.auth is AuthState.AwaitingCode }
        shot("02-code", "The SMS code, the phone masked by the core, resend counting down", awaiting) {
            shows(maskPhone(phone))
            hides(phone)
            shows(s(UiString.CODE_TITLE))
            enabled(s(UiString.CODE_SUBMIT))
            disabled(s(UiString.CODE_RESEND_IN, "").trim())
        }
        val right = sandbox.smsCode(phone)
        controller.submitCode(if (right == "0000") "1111" else "0000")
        val wrong = await { (it.auth as? AuthState.AwaitingCode)?.let { a -> a.problem != null && !a.verifying } == true }
        shot("03-code-wrong", "A wrong SMS code: the problem in words", wrong) {
            shows(problemOf(wrong) ?: "<no problem in the state>")
        }
        controller.submitCode(right)
        shot("04-pin-setup", "A new user chooses a PIN", await { it.auth is AuthState.PinSetup }) {
            shows(s(UiString.PIN_SETUP_TITLE))
            shows(s(UiString.FIRST_NAME))
            enabled(s(UiString.CONTINUE_BUTTON))
        }
        controller.setPin(PIN, "Иван", "")
        shot("05-cards-empty", "Signed in, no cards yet", await { it.auth is AuthState.SignedIn && !it.cards.loading }) {
            shows(s(UiString.CARDS_EMPTY))
            enabled(s(UiString.CARD_ADD))
        }
    }

    private fun form(
        behavior: String,
        makeDefault: Boolean,
    ): Pair<CardForm, String> {
        val card = sandbox.testCard(behavior)
        val pan = card["pan"] as String
        val month = (card["expMonth"] as Double).toInt().toString()
        val year = (card["expYear"] as Double).toInt().toString()
        return CardForm(pan, month, year, card["cvv"] as String, "IVAN PETROV", makeDefault) to pan
    }

    private suspend fun bindAndDismiss(
        behavior: String,
        makeDefault: Boolean,
    ): String {
        val (card, pan) = form(behavior, makeDefault)
        controller.bindCard(card)
        await { it.binding?.stage is BindingStage.Bound }
        controller.dismissBinding()
        await { it.binding == null && !it.cards.loading && it.cards.cards.any { c -> c.maskedNumber.endsWith(pan.takeLast(4)) } }
        return pan
    }

    private suspend fun cards() {
        controller.bindCard(CardForm("4111 1111 1111 1112", "13", "20", "", "", false))
        val invalid = await { it.auth is AuthState.SignedIn }
        waitForNotice()
        shot("06-card-invalid", "An invalid card form: every invalid field in words, nothing sent", invalid) {
            shows(if (locale == TextLocale.RU) "Номер карты" else "Card number")
            shows("CVV/CVC")
        }
        val (threeDs, mirPan) = form("three_ds", makeDefault = false)
        controller.bindCard(threeDs)
        val challenge = await { (it.binding?.stage as? BindingStage.ThreeDsChallenge)?.html != null }
        shot("07-3ds", "3-D Secure: the bank's page", challenge) {
            shows(s(UiString.BINDING_TITLE, mirPan.takeLast(4)))
            shows(s(UiString.BINDING_3DS_HINT))
            enabled(s(UiString.BINDING_3DS_CLOSE))
        }
        sandbox.complete3ds(challenge.binding!!.deferredId!!, "pass")
        controller.threeDsReturned()
        shot("08-card-bound", "The card is bound", await { it.binding?.stage is BindingStage.Bound }) {
            shows(s(UiString.BINDING_BOUND))
            enabled(s(UiString.DONE))
        }
        controller.dismissBinding()
        val one = await { it.binding == null && !it.cards.loading && it.cards.cards.size == 1 }
        shot("09-cards-one", "One card, the default (the first card is)", one) {
            shows(mirPan.takeLast(4))
            hides(mirPan)
            shows(s(UiString.CARD_DEFAULT))
            enabled(s(UiString.CARD_UNSET_DEFAULT))
            enabled(s(UiString.CARD_DELETE))
        }
        val visaPan = bindAndDismiss("success", makeDefault = false)
        val visa = recorder.state.value!!.cards.cards.first { it.maskedNumber.endsWith(visaPan.takeLast(4)) }
        controller.setDefaultCard(visa.id)
        val two = await { s -> !s.cards.loading && s.cards.cards.size == 2 && s.cards.cards.any { it.id == visa.id && it.isDefault } }
        shot("10-cards-second-default", "A second card made the default", two) {
            shows(visaPan.takeLast(4))
            enabled(s(UiString.CARD_MAKE_DEFAULT))
            enabled(s(UiString.CARD_UNSET_DEFAULT))
        }
        val (declined, declinedPan) = form("decline", makeDefault = false)
        controller.bindCard(declined)
        val failed = await { it.binding?.stage is BindingStage.Failed }
        val why = problemText((failed.binding!!.stage as BindingStage.Failed).problem, locale)
        shot("11-card-declined", "A declined card: the bank's refusal in words", failed) {
            shows(s(UiString.BINDING_TITLE, declinedPan.takeLast(4)))
            shows(why)
            enabled(s(UiString.OK))
        }
        controller.dismissBinding()
        await { it.binding == null && !it.cards.loading }
    }

    private suspend fun waitForNotice() {
        withTimeout(10_000) { controller.notice.first { it != null } }
    }

    private suspend fun payments() {
        val merchant = sandbox.merchant()
        val products = (merchant["products"] as List<*>).map { it as Map<*, *> }
        val store = (merchant["stores"] as List<*>).first() as Map<*, *>
        val croissant = products.first { it["productId"] == "croissant" }
        val cappuccino = products.first { it["productId"] == "cappuccino" }
        controller.createOrder(
            merchant["merchantId"] as String,
            store["merchantStoreId"] as String,
            listOf(OrderLine(croissant["productId"] as String, 2.0), OrderLine(cappuccino["productId"] as String, 1.0)),
        )
        val created = await { it.checkout?.let { c -> c.stage is PaymentStage.Created && c.order != null } == true }
        val order = created.checkout!!.order!!
        check(order.lines.sumOf { it.amountBeforeDiscountKopecks } == order.totalOriginalKopecks) {
            "the lines do not add up to the subtotal: $order"
        }
        shot("12-order", "An order with a discount and cashback, ready to pay", created) {
            // Each line before its discount, so that they add up to the subtotal shown below them.
            order.lines.forEach { shows(rub(it.amountBeforeDiscountKopecks)) }
            shows(rub(order.totalOriginalKopecks))
            shows(rub(order.totalKopecks))
            shows(rub(-order.discountKopecks))
            shows(rub(order.cashbackKopecks))
            shows(s(UiString.ORDER_DISCOUNT))
            shows(s(UiString.ORDER_CASHBACK))
            enabled(s(UiString.PAY_BUTTON, rub(order.totalKopecks)))
        }
        check(order.discountKopecks > 0 && order.cashbackKopecks > 0) { "the demo order has no discount or cashback: $order" }
        controller.pay(EMAIL)
        val paying = await { it.checkout?.stage is PaymentStage.Paying }
        shot("13-paying", "Paying", paying) {
            shows(s(UiString.PAYING))
            hides(s(UiString.PAY_BUTTON, rub(order.totalKopecks)))
        }
        val paid = await { it.checkout?.stage is PaymentStage.Paid }
        shot("14-paid", "Paid; the receipt goes by e-mail", paid) {
            shows(s(UiString.PAID))
            shows(rub(order.totalKopecks))
            shows(EMAIL)
            enabled(s(UiString.DONE))
        }
        controller.dismissCheckout()
        await { it.checkout == null }
    }

    private suspend fun till() {
        val till = Till(sandbox.url)
        controller.findTillOrder(till.newOrder())
        val found = await { it.checkout?.let { c -> c.stage is PaymentStage.Created && c.order != null } == true }
        val total = rub(found.checkout!!.order!!.totalKopecks)
        shot("15-till-order", "A till's order found by its code: pay in the app or at the till", found) {
            shows(total)
            enabled(s(UiString.PAY_BUTTON, total))
            enabled(s(UiString.PAY_AT_COUNTER_CASH))
            enabled(s(UiString.PAY_AT_COUNTER_TERMINAL))
        }
        controller.pay(EMAIL)
        shot("16-till-paid", "The till's order paid in the app", await { it.checkout?.stage is PaymentStage.Paid }) {
            shows(s(UiString.PAID))
            shows(total)
        }
        controller.dismissCheckout()
        await { it.checkout == null }
        controller.findTillOrder(till.newOrder())
        await { it.checkout?.stage is PaymentStage.Created }
        controller.payAtTill(cash = true)
        shot("17-at-till", "The till's order paid at the till, in cash", await { it.checkout?.stage is PaymentStage.AtCounter }) {
            shows(s(UiString.COUNTER_CASH))
            enabled(s(UiString.DONE))
        }
        controller.dismissCheckout()
        await { it.checkout == null }
    }

    private suspend fun unknownAndRestart() {
        val mir = recorder.state.value!!.cards.cards.first { it.paymentSystem.uppercase() in setOf("МИР", "MIR") }
        controller.deleteCard(mir.id)
        val left = await { s -> !s.cards.loading && s.cards.cards.none { it.id == mir.id } }
        shot("18-card-deleted", "A card deleted", left) {
            hides(mir.maskedNumber)
        }
        bindAndDismiss("payment_processing_forever", makeDefault = true)
        val merchant = sandbox.merchant()
        val product = ((merchant["products"] as List<*>).first() as Map<*, *>)["productId"] as String
        val store = (merchant["stores"] as List<*>).first() as Map<*, *>
        controller.createOrder(merchant["merchantId"] as String, store["merchantStoreId"] as String, listOf(OrderLine(product, 1.0)))
        await { it.checkout?.stage is PaymentStage.Created }
        controller.pay(EMAIL)
        val unknown = await { it.checkout?.stage is PaymentStage.Unknown }
        shot("19-pay-unknown", "No answer from the bank: check again, never a second charge", unknown) {
            shows(s(UiString.PAY_UNKNOWN))
            enabled(s(UiString.CHECK_AGAIN))
        }
        // The app is killed while the payment is in doubt, and started again.
        kill()
        open()
        val locked = await { it.auth is AuthState.Locked }
        shot("20-locked-restart", "After a restart: the PIN", locked) {
            shows(s(UiString.PIN_UNLOCK_TITLE))
            enabled(s(UiString.CONTINUE_BUTTON))
        }
        controller.enterPin(WRONG_PIN)
        val wrong = await { (it.auth as? AuthState.Locked)?.let { a -> a.problem != null && !a.submitting } == true }
        shot("21-pin-wrong", "A wrong PIN: the attempts left in words", wrong) {
            shows(problemOf(wrong) ?: "<no problem in the state>")
        }
        controller.enterPin(PIN)
        val resumed = await { it.auth is AuthState.SignedIn && it.checkout != null }
        shot("22-restart-while-paying", "Signed in again: the payment in doubt is followed, not paid again", resumed) {
            shows(s(UiString.PAY_CARD, "").trim())
        }
        kill()
        open()
        await { it.auth is AuthState.Locked }
        for (attempt in 1..10) {
            val before = recorder.states.size
            controller.enterPin(WRONG_PIN)
            val after =
                await { s ->
                    recorder.states.size > before &&
                        (s.auth is AuthState.AccountLocked || (s.auth as? AuthState.Locked)?.let { !it.submitting && it.problem != null } == true)
                }
            if (after.auth is AuthState.AccountLocked) break
        }
        val accountLocked = await { it.auth is AuthState.AccountLocked }
        shot("23-account-locked", "Too many wrong PINs: confirm the phone by SMS", accountLocked) {
            shows(s(UiString.ACCOUNT_LOCKED_TITLE))
            shows(maskPhone(phone))
            enabled(s(UiString.PHONE_SUBMIT))
        }
    }

    companion object {
        const val PIN = "2580"
        const val WRONG_PIN = "9999"
        const val EMAIL = "qa@swip.test"
        const val WIDTH_DP = 400f
        const val HEIGHT_DP = 880f
        const val DENSITY = 2f
    }
}
