package app.swip.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.swip.core.AppState
import app.swip.core.OrderLine
import app.swip.core.Wallet
import app.swip.core.WalletConfig
import app.swip.core.android.KeystoreSecureStore
import app.swip.core.android.WalletStateFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * Holds the wallet for the activity's lifetime and turns UI events into the core's actions.
 * Thin by design: the journey (what is allowed, what comes next, retries, polling) is the core's.
 * A failed action's message is shown as it is (the core writes it for users, without secrets).
 */
class WalletViewModel(
    application: Application,
) : AndroidViewModel(application) {
    private val store = KeystoreSecureStore(application)

    private val _wallet = MutableStateFlow<Wallet?>(null)
    private var stateFlow: WalletStateFlow? = null
    private val _state = MutableStateFlow<AppState?>(null)
    private val _message = MutableStateFlow<String?>(null)

    /** The core's state (null while the wallet opens). */
    val state: StateFlow<AppState?> = _state.asStateFlow()

    /** The last action's error message, until dismissed. */
    val message: StateFlow<String?> = _message.asStateFlow()

    /** The wallet, for the 3-D Secure WebView's URL checks. */
    val wallet: StateFlow<Wallet?> = _wallet.asStateFlow()

    init {
        viewModelScope.launch {
            try {
                val config = WalletConfig(baseUrl = BuildConfig.SWIP_BASE_URL, allowPlainHttp = BuildConfig.DEBUG)
                val wallet = Wallet.open(config, store)
                val flow = WalletStateFlow(wallet)
                stateFlow = flow
                _wallet.value = wallet
                flow.state.collect { _state.value = it }
            } catch (e: Exception) {
                _message.value = e.toString()
            }
        }
    }

    private fun act(action: suspend Wallet.() -> Unit) {
        val wallet = _wallet.value ?: return
        viewModelScope.launch {
            try {
                wallet.action()
            } catch (e: Exception) {
                // SwipException: toString() is the core's message (fields named, never values).
                _message.value = e.toString()
            }
        }
    }

    fun dismissMessage() {
        _message.value = null
    }

    fun startSignup(phone: String) = act { startSignup(phone) }

    fun resendSms() = act { resendSms() }

    fun submitCode(code: String) = act { submitCode(code) }

    fun setPin(
        pin: String,
        firstName: String,
        lastName: String,
    ) = act { setPin(pin, firstName, lastName) }

    fun enterPin(pin: String) = act { enterPin(pin) }

    fun signOut() = act { signOut() }

    fun refreshCards() = act { refreshCards() }

    fun bindCard(
        number: String,
        month: UInt,
        year: UInt,
        cvv: String,
        holder: String,
        makeDefault: Boolean,
    ) = act { bindCard(number, month, year, cvv, holder, makeDefault) }

    fun threeDsReturned() = act { threeDsReturned() }

    fun threeDsClosed() = act { threeDsClosed() }

    fun checkAgain() = act { checkAgain() }

    fun dismissBinding() = act { dismissBinding() }

    fun setDefaultCard(cardId: String) = act { setDefaultCard(cardId) }

    fun deleteCard(cardId: String) = act { deleteCard(cardId) }

    fun createOrder(
        merchantId: String,
        storeId: String,
        lines: List<OrderLine>,
    ) = act { createOrder(merchantId, storeId, lines) }

    fun findCounterOrder(sessionCode: String) = act { findCounterOrder(sessionCode) }

    fun pay(
        cardId: String?,
        email: String,
    ) = act { pay(cardId, email) }

    fun dismissCheckout() = act { dismissCheckout() }

    override fun onCleared() {
        stateFlow?.close()
        _wallet.value?.close()
    }
}
