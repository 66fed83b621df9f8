// The SWiP core driven from Kotlin through the generated bindings only, against the sandbox
// process: what an Android app does, on the JVM.
package app.swip.core.test

import app.swip.core.AuthState
import app.swip.core.BindingStage
import app.swip.core.InputField
import app.swip.core.InputReason
import app.swip.core.LockReason
import app.swip.core.LogLevel
import app.swip.core.OrderLine
import app.swip.core.PaymentStage
import app.swip.core.ProblemKind
import app.swip.core.Refusal
import app.swip.core.SecureStore
import app.swip.core.SwipException
import app.swip.core.WaitCondition
import app.swip.core.Wallet
import app.swip.core.removeLogger
import app.swip.core.runtimeDiagnostics
import app.swip.core.setLogger
import app.swip.core.walletConfig
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

private const val PIN = "2580"
private const val EMAIL = "qa@swip.test"

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletTest {
    private lateinit var sandbox: SandboxProcess
    private val nextPhone = AtomicInteger(0)

    @BeforeAll
    fun startSandbox() {
        sandbox = SandboxProcess.start()
    }

    @AfterAll
    fun stopSandbox() {
        sandbox.close()
    }

    /** A phone no other test uses (11 digits). */
    private fun newPhone(): String = "7916%07d".format(1000 + nextPhone.incrementAndGet())

    private fun config() = walletConfig(sandbox.url).copy(pollIntervalMs = 250L)

    private suspend fun openWallet(store: SecureStore = MemoryStore()): Wallet = Wallet.open(config(), store)

    private suspend fun signUp(
        wallet: Wallet,
        phone: String,
    ) {
        wallet.startSignup(phone)
        wallet.submitCode(sandbox.smsCode(phone))
        wallet.setPin(PIN, "Ivan", "Petrov")
        assertIs<AuthState.SignedIn>(wallet.state().auth)
    }

    private suspend fun bindCard(
        wallet: Wallet,
        behavior: String,
        makeDefault: Boolean,
    ): Map<*, *> {
        val card = sandbox.testCard(behavior)
        wallet.bindCard(
            number = card["pan"] as String,
            expMonth = (card["expMonth"] as Double).toInt(),
            expYear = (card["expYear"] as Double).toInt(),
            cvv = card["cvv"] as String,
            holder = "IVAN PETROV",
            makeDefault = makeDefault,
        )
        return card
    }

    private suspend fun createDemoOrder(wallet: Wallet) {
        val merchant = sandbox.merchant()
        val products = merchant["products"] as List<*>
        val store = (merchant["stores"] as List<*>).first() as Map<*, *>
        wallet.createOrder(
            merchantId = merchant["merchantId"] as String,
            merchantStoreId = store["merchantStoreId"] as String,
            lines =
                listOf(
                    OrderLine(productId = (products[0] as Map<*, *>)["productId"] as String, quantity = 2.0),
                    OrderLine(productId = (products[1] as Map<*, *>)["productId"] as String, quantity = 1.0),
                ),
        )
    }

    @Test
    fun `a new user reaches a paid order with a 3-D Secure card`(): Unit =
        runBlocking {
            val logger = CollectingLogger()
            setLogger(logger, LogLevel.TRACE)
            try {
                openWallet().use { wallet ->
                    val phone = newPhone()
                    // Signup → SMS code → PIN, with the phone as a user types it.
                    wallet.startSignup(
                        "+7 (${phone.substring(1, 4)}) ${phone.substring(4, 7)}-${phone.substring(7, 9)}-${phone.substring(9)}",
                    )
                    val awaiting = assertIs<AuthState.AwaitingCode>(wallet.state().auth)
                    assertEquals(phone, awaiting.phone)
                    assertTrue(awaiting.resendAvailableAtMs > wallet.nowMs() + 50_000, "resend blocked for a minute")
                    wallet.submitCode(sandbox.smsCode(phone))
                    assertIs<AuthState.PinSetup>(wallet.state().auth)
                    wallet.setPin(PIN, "Ivan", "")
                    assertIs<AuthState.SignedIn>(wallet.state().auth)

                    // A MIR card with 3-D Secure, made the default, completed at the "bank".
                    val card = bindCard(wallet, "three_ds", makeDefault = true)
                    val shown = wallet.waitFor(WaitCondition.THREE_DS_SHOWN, WAIT_MS)
                    val binding = assertNotNull(shown.binding)
                    val challenge = assertIs<BindingStage.ThreeDsChallenge>(binding.stage)
                    assertTrue(challenge.html!!.contains("<form"), "the bank's page has a form")
                    assertEquals(wallet.threeDsReturnUrl(), challenge.returnUrl)
                    assertTrue(wallet.isThreeDsReturnUrl(challenge.returnUrl + "?deferredId=" + binding.deferredId))
                    assertFalse(wallet.isThreeDsReturnUrl("https://evil.example/ext/3ds-return"))
                    sandbox.complete3ds(assertNotNull(binding.deferredId), "pass")
                    wallet.threeDsReturned()
                    val settled = wallet.waitFor(WaitCondition.BINDING_SETTLED, WAIT_MS)
                    assertIs<BindingStage.Bound>(settled.binding?.stage)
                    // Once the list reloaded, the binding carries the new card: its id is what
                    // setDefaultCard takes, with no matching by digits.
                    val reloaded = wallet.waitFor(WaitCondition.CARDS_IDLE, WAIT_MS)
                    val newCard = assertNotNull(assertIs<BindingStage.Bound>(reloaded.binding?.stage).card)
                    wallet.dismissBinding()
                    val cards = wallet.state().cards.cards
                    val pan = card["pan"] as String
                    val bound = cards.single()
                    assertEquals(bound, newCard)
                    assertTrue(bound.maskedNumber.endsWith(pan.takeLast(4)), bound.maskedNumber)
                    assertFalse(bound.maskedNumber.contains(pan), "only the last four digits are shown")
                    assertTrue(bound.isDefault)

                    // An order with loyalty, paid with the default card.
                    createDemoOrder(wallet)
                    val order = assertNotNull(wallet.state().checkout?.order)
                    assertEquals(2, order.lines.size)
                    assertTrue(order.cashbackKopecks > 0, "the demo merchant gives cashback: $order")
                    assertEquals(order.totalOriginalKopecks - order.discountKopecks, order.totalKopecks)
                    wallet.pay(null, EMAIL)
                    val paid = wallet.waitFor(WaitCondition.PAYMENT_SETTLED, WAIT_MS)
                    val stage = assertIs<PaymentStage.Paid>(paid.checkout?.stage)
                    assertEquals(bound.id, stage.attempt.cardId)
                    assertEquals(0, wallet.activePolls(), "no poll left running")

                    // Exactly one charge, of the order's total, on that card.
                    val charges = sandbox.charges().filter { it["orderId"] == order.id }
                    assertEquals(1, charges.size, "$charges")
                    assertEquals(order.totalKopecks, Math.round((charges[0]["amount"] as Double) * 100))
                    assertEquals(bound.id, charges[0]["paymentCardId"])

                    // The core's logs reached Kotlin, and no card number or token is in them.
                    assertTrue(logger.records.any { it.target.startsWith("swip_core") }, "log records arrive")
                    val logs = logger.records.joinToString("\n") { it.message }
                    assertFalse(logs.contains(pan), "no card number in the logs")
                    assertFalse(logs.contains("eyJ"), "no token in the logs")
                }
            } finally {
                removeLogger()
            }
        }

    @Test
    fun `invalid card input names every invalid field, never the value`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                signUp(wallet, newPhone())
                val error =
                    assertFailsWith<SwipException.InvalidInput> {
                        wallet.bindCard("4111 1111 1111 1112", 13, 2031, "12", "IVAN PETROV", false)
                    }
                assertEquals(setOf(InputField.CARD_NUMBER, InputField.EXPIRY, InputField.CVV), error.errors.map { it.field }.toSet())
                assertEquals(InputReason.LUHN_CHECK_FAILED, error.errors.first { it.field == InputField.CARD_NUMBER }.reason)
                // The exception prints its class and the core's message (in `message` too).
                val text = error.toString()
                assertTrue(text.startsWith("app.swip.core.SwipException\$InvalidInput: detail=${error.detail}"), text)
                assertTrue(text.contains("card number") && text.contains("CVV") && text.contains("expiry"), text)
                assertTrue(error.message!!.contains("card number"))
                assertFalse(text.contains("4111") || text.contains("1112"), "the typed value is never in the message")
                assertNull(wallet.state().binding, "nothing was sent")
            }
        }

    @Test
    fun `a wrong SMS code is a typed failure with the server's code and message`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                val phone = newPhone()
                wallet.startSignup(phone)
                val right = sandbox.smsCode(phone)
                val wrong = if (right == "0000") "1111" else "0000"
                val error = assertFailsWith<SwipException.Failed> { wallet.submitCode(wrong) }
                assertEquals(ProblemKind.REJECTED, error.kind)
                assertEquals(14, error.code)
                assertTrue(error.detail.contains("wrong SMS code") && error.detail.endsWith("(code 14)"), error.detail)
                assertTrue(error.toString().startsWith("app.swip.core.SwipException\$Failed: detail=${error.detail}"), error.toString())
                val awaiting = assertIs<AuthState.AwaitingCode>(wallet.state().auth)
                assertEquals(14, awaiting.problem?.code, "the state shows the same problem")

                val badCode = assertFailsWith<SwipException.InvalidInput> { wallet.submitCode("12a") }
                assertEquals(listOf(InputField.SMS_CODE), badCode.errors.map { it.field })

                val refused = assertFailsWith<SwipException.NotAllowed> { wallet.pay(null, EMAIL) }
                assertEquals(Refusal.WrongStage("pay", "awaiting code"), refused.refusal)
                assertEquals("`pay` is not possible while awaiting code", refused.detail)

                wallet.submitCode(right)
                assertIs<AuthState.PinSetup>(wallet.state().auth)
            }
        }

    @Test
    fun `a bad configuration is a typed error`(): Unit =
        runBlocking {
            val zero =
                assertFailsWith<SwipException.Config> {
                    Wallet.open(config().copy(pollIntervalMs = 0L), MemoryStore())
                }
            assertTrue(zero.detail.contains("pollIntervalMs"), zero.detail)
            val negative = assertFailsWith<SwipException.Config> { Wallet.open(config().copy(maxAttempts = -1), MemoryStore()) }
            assertTrue(negative.detail.contains("maxAttempts"), negative.detail)
            val plain =
                assertFailsWith<SwipException.Config> {
                    Wallet.open(walletConfig("http://10.0.2.2:8080"), MemoryStore())
                }
            assertTrue(plain.toString().contains("http"), plain.toString())
        }

    @Test
    fun `an observer sees the states in order`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                val recorder = Recorder()
                val subscription = wallet.subscribe(recorder)
                try {
                    recorder.awaitState { it.auth is AuthState.SignedOut }
                    val phone = newPhone()
                    wallet.startSignup(phone)
                    recorder.awaitState { it.auth is AuthState.AwaitingCode }
                    wallet.submitCode(sandbox.smsCode(phone))
                    recorder.awaitState { it.auth is AuthState.PinSetup }
                    wallet.setPin(PIN, "", "")
                    recorder.awaitState { it.auth is AuthState.SignedIn }

                    // Stage changes, in order: the first state is the one at subscribe time, each later stage
                    // was awaited before the next action; the transient phone_entered may be coalesced.
                    val stages = recorder.states.map { it.auth.stage() }
                    val changes = stages.filterIndexed { i, s -> i == 0 || stages[i - 1] != s }.filter { it != "phone_entered" }
                    assertEquals(listOf("signed_out", "awaiting_code", "pin_setup", "signed_in"), changes, "$stages")
                    // Every call came on the one dedicated observer thread (`swip-observer`, the core's),
                    // not on a caller's thread: one OS thread, and one Java thread of that name (the
                    // core attaches it once; JNA would attach it anew, as `Thread-N`, for each call).
                    assertEquals(1, recorder.threads.toSet().size, "${recorder.threads}")
                    assertFalse(osThreadId() in recorder.threads, "not the test's thread")
                    val javaThreads = recorder.javaThreads.toSet()
                    assertEquals(1, javaThreads.size, "${recorder.javaThreads.map { it.name }}")
                    assertEquals("swip-observer", javaThreads.single().name)
                    assertTrue(javaThreads.single().isDaemon, "a daemon: it never keeps the JVM from exiting")
                } finally {
                    subscription.cancel()
                }
                assertFalse(subscription.isActive())
                val seen = recorder.states.size
                wallet.signOut()
                assertIs<AuthState.SignedOut>(wallet.state().auth)
                assertEquals(seen, recorder.states.size, "no state after cancel")
                subscription.close()
            }
        }

    @Test
    fun `cancelling coroutines mid-poll leaves the core consistent`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                signUp(wallet, newPhone())
                bindCard(wallet, "success", makeDefault = true)
                assertIs<BindingStage.Bound>(wallet.waitFor(WaitCondition.BINDING_SETTLED, WAIT_MS).binding?.stage)
                wallet.dismissBinding()
                wallet.waitFor(WaitCondition.CARDS_IDLE, WAIT_MS)
                createDemoOrder(wallet)
                val order = assertNotNull(wallet.state().checkout?.order)
                val recorder = Recorder()
                val subscription = wallet.subscribe(recorder)
                recorder.awaitState { it.checkout?.order != null }

                // A coroutine pays, another waits for the outcome; both are cancelled while the
                // core polls the payment.
                val payer = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { wallet.pay(null, EMAIL) }
                val waiter = async(Dispatchers.Default) { wallet.waitFor(WaitCondition.PAYMENT_SETTLED, WAIT_MS) }
                recorder.awaitState { it.checkout?.stage is PaymentStage.Paying }
                payer.cancelAndJoin()
                recorder.awaitState { (it.checkout?.stage as? PaymentStage.Paying)?.serverStatus != null } // a poll answered
                assertFalse(waiter.isCompleted, "the wait is still pending mid-poll")
                waiter.cancelAndJoin()
                assertTrue(waiter.isCancelled)

                // The poll is the core's: the payment still reaches Paid, once, and nothing leaks.
                val paid = recorder.awaitState { it.checkout?.stage !is PaymentStage.Paying }
                assertIs<PaymentStage.Paid>(paid.checkout?.stage, "$paid")
                assertIs<PaymentStage.Paid>(wallet.state().checkout?.stage)
                assertEquals(1, sandbox.charges().count { it["orderId"] == order.id }, "charged exactly once")
                withTimeout(WAIT_MS) { while (wallet.activePolls() != 0) delay(20) }

                // A cancelled wait leaves no task behind in the core's runtime (the wallet is idle now).
                val idle = runtimeDiagnostics().aliveTasks
                val wait = async(Dispatchers.Default) { wallet.waitFor(WaitCondition.PIN_NEEDED, WAIT_MS) }
                withTimeout(WAIT_MS) { while (runtimeDiagnostics().aliveTasks <= idle) delay(5) }
                wait.cancelAndJoin()
                withTimeout(WAIT_MS) { while (runtimeDiagnostics().aliveTasks > idle) delay(5) }
                subscription.cancel()
                subscription.close()
            }
        }

    @Test
    fun `a Kotlin secure store keeps the session across a new wallet`(): Unit =
        runBlocking {
            val store = MemoryStore()
            val phone = newPhone()
            openWallet(store).use { wallet -> signUp(wallet, phone) }
            assertTrue(store.keys().isNotEmpty(), "the session is in the app's store")

            // The app restarts: a new wallet on the same store asks for the PIN.
            openWallet(store).use { wallet ->
                val locked = assertIs<AuthState.Locked>(wallet.state().auth)
                assertEquals(LockReason.RESTART, locked.reason)
                assertEquals(phone, locked.phone)
                val wrong = assertFailsWith<SwipException.Failed> { wallet.enterPin("9999") }
                assertEquals(4, wrong.attemptsLeft)
                wallet.enterPin(PIN)
                assertIs<AuthState.SignedIn>(wallet.state().auth)
                wallet.refreshCards()
            }

            // A fresh store is a fresh device: signed out.
            openWallet(MemoryStore()).use { wallet -> assertIs<AuthState.SignedOut>(wallet.state().auth) }
        }

    @Test
    fun `after shutdown every action fails typed and nothing changes`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                signUp(wallet, newPhone())
                val recorder = Recorder()
                val subscription = wallet.subscribe(recorder)
                recorder.awaitState { it.auth is AuthState.SignedIn }
                assertTrue(subscription.isActive())
                val before = wallet.state()

                wallet.shutdown()
                assertFalse(wallet.isOpen())
                assertFalse(subscription.isActive(), "the subscription knows the wallet is gone")
                assertFailsWith<SwipException.ShutDown> { wallet.refreshCards() }
                assertFailsWith<SwipException.ShutDown> { wallet.setDefaultCard("card-1") }
                assertEquals(before, wallet.state(), "nothing was published")
                assertFalse(wallet.state().cards.loading, "no stuck flag")
                subscription.close()
            }
        }

    @Test
    fun `a throwing observer keeps receiving states on its thread`(): Unit =
        runBlocking {
            openWallet().use { wallet ->
                val calls = java.util.concurrent.CopyOnWriteArrayList<String>()
                val thrower =
                    object : app.swip.core.StateObserver {
                        override fun onState(state: app.swip.core.AppState) {
                            calls.add("${osThreadId()} ${Thread.currentThread().name}")
                            throw IllegalStateException("the UI is gone")
                        }
                    }
                val subscription = wallet.subscribe(thrower)
                val phone = newPhone()
                wallet.startSignup(phone)
                withTimeout(WAIT_MS) { while (calls.size < 2) delay(10) }
                assertTrue(subscription.isActive())
                assertEquals(1, calls.toSet().size, "one observer thread: $calls")
                assertTrue(calls.first().endsWith(" swip-observer"), calls.first())
                subscription.close()
            }
        }

    @Test
    fun `a throwing store is one Storage error, in open and in actions, without its message`(): Unit =
        runBlocking {
            val store = ThrowingStore()
            openWallet(store).use { wallet ->
                store.broken = true
                val inAction = assertFailsWith<SwipException.Storage> { wallet.startSignup(newPhone()) }
                assertEquals("secure storage failed: the app's store threw java.lang.IllegalStateException", inAction.detail)
                val shown = assertIs<AuthState.PhoneEntered>(wallet.state().auth).problem
                assertEquals(ProblemKind.STORAGE, shown?.kind)
                assertEquals(inAction.detail, shown?.message)
                val atOpen = assertFailsWith<SwipException.Storage> { Wallet.open(config(), store) }
                assertEquals(inAction.detail, atOpen.detail)
                assertFalse(atOpen.toString().contains("SECRET") || atOpen.toString().contains("\n"), atOpen.toString())
            }
        }

    @Test
    fun `every type prints readably`() {
        assertEquals("SignedOut", AuthState.SignedOut.toString())
        assertEquals("InApp", app.swip.core.OrderSource.InApp.toString())
        assertEquals("Submitting", BindingStage.Submitting.toString())
        assertEquals("NoOrder", Refusal.NoOrder.toString())
        val awaiting = AuthState.AwaitingCode("79160000000", 5L, false, null).toString()
        assertTrue(awaiting.contains("resendAvailableAtMs: 5"), awaiting)
        assertTrue(config().toString().startsWith("WalletConfig(baseUrl="), config().toString())
    }
}
