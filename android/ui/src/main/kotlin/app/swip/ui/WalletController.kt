package app.swip.ui

import app.swip.core.CounterPayment
import app.swip.core.OrderLine
import app.swip.core.SwipException
import app.swip.core.Wallet
import app.swip.ui.model.Screen
import app.swip.ui.model.ScreenMapping
import app.swip.ui.text.CoreTexts
import app.swip.ui.text.Strings
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch

/**
 * Turns the user's taps into the core's actions and the core's states into [Screen]s. No journey
 * logic: what is allowed and what comes next is the core's.
 *
 * Errors are shown once: a server's refusal is already in the state (the screen shows its problem),
 * so only what the state does not carry becomes a [notice] — the invalid fields of a form, or an
 * unexpected failure. Only [SwipException] is caught: a coroutine's cancellation passes through.
 *
 * @param scope where actions run (the ViewModel's scope on Android).
 * @param open opens the wallet (after the native library has loaded, off the main thread).
 */
class WalletController(
    private val scope: CoroutineScope,
    strings: Strings,
    open: suspend () -> Wallet,
) : WalletActions {
    private val mapping = ScreenMapping(strings.locale)
    private val texts = CoreTexts(strings.locale)
    /** The wallet once open, for the synchronous queries (the clock, the return URL). */
    @Volatile private var openWallet: Wallet? = null
    private val wallet: Deferred<Wallet> = scope.async { open().also { openWallet = it } }
    private val mutableNotice = MutableStateFlow<String?>(null)

    /** What the state does not show: invalid fields of the last form, or an unexpected failure. */
    val notice: StateFlow<String?> = mutableNotice.asStateFlow()

    /**
     * The screens to draw, cold: collect it with the screen's lifecycle (the core's subscription
     * lives only while collected). Starts with [Screen.Opening].
     */
    val screens: Flow<Screen> =
        flow {
            emit(Screen.Opening)
            val opened =
                try {
                    wallet.await()
                } catch (e: SwipException) {
                    emit(Screen.OpenFailed(texts.unexpected()))
                    return@flow
                }
            emitAll(opened.states().map(mapping::screen))
        }

    /** The wallet's clock (ms since 1970), against which the resend countdown runs; null until open. */
    fun nowMs(): Long? = openWallet?.nowMs()

    /** Runs [action] on the wallet; a refusal the state does not show becomes the [notice]. */
    private fun act(action: suspend Wallet.() -> Unit) {
        mutableNotice.value = null
        scope.launch {
            try {
                wallet.await().action()
            } catch (e: SwipException.InvalidInput) {
                mutableNotice.value = e.errors.joinToString("\n", transform = texts::fieldError)
            } catch (e: SwipException.Failed) {
                // Already in the state: the screen shows the problem.
            } catch (e: SwipException.NotAllowed) {
                // Nothing changed (e.g. a double tap); the screen shows where the journey is.
            } catch (e: SwipException) {
                mutableNotice.value = texts.unexpected()
            }
        }
    }

    /** Forgets the notice (the user dismissed it or edits the form). */
    override fun dismissNotice() {
        mutableNotice.value = null
    }

    override fun startSignup(phone: String) = act { startSignup(phone) }

    override fun resendSms() = act { resendSms() }

    override fun submitCode(code: String) = act { submitCode(code) }

    override fun setPin(
        pin: String,
        firstName: String,
        lastName: String,
    ) = act { setPin(pin, firstName, lastName) }

    override fun enterPin(pin: String) = act { enterPin(pin) }

    override fun signOut() = act { signOut() }

    override fun refreshCards() = act { refreshCards() }

    override fun bindCard(form: CardForm) = act { form.bind(this) }

    override fun threeDsReturned() = act { threeDsReturned() }

    override fun threeDsClosed() = act { threeDsClosed() }

    override fun checkAgain() = act { checkAgain() }

    override fun dismissBinding() = act { dismissBinding() }

    override fun setDefaultCard(cardId: String) = act { setDefaultCard(cardId) }

    override fun unsetDefaultCard(cardId: String) = act { unsetDefaultCard(cardId) }

    override fun deleteCard(cardId: String) = act { deleteCard(cardId) }

    /** Creates an order in the app (a shop's catalogue screen would call this). */
    fun createOrder(
        merchantId: String,
        storeId: String,
        lines: List<OrderLine>,
    ) = act { createOrder(merchantId, storeId, lines) }

    override fun findTillOrder(sessionCode: String) = act { findCounterOrder(sessionCode) }

    override fun pay(email: String) = act { pay(null, email) }

    override fun payAtTill(cash: Boolean) = act { payAtCounter(if (cash) CounterPayment.CASH else CounterPayment.TERMINAL) }

    override fun dismissCheckout() = act { dismissCheckout() }

    /** Whether a URL the 3-D Secure page navigates to is the return URL (the core matches it). */
    override fun isThreeDsReturnUrl(url: String): Boolean = openWallet?.isThreeDsReturnUrl(url) ?: false
}
