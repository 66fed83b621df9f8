package app.swip.core.android

import app.swip.core.AppState
import app.swip.core.StateObserver
import app.swip.core.SubscriptionHandle
import app.swip.core.Wallet
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * The wallet's state as a [StateFlow] for Compose (`collectAsStateWithLifecycle()`).
 *
 * The core calls the observer on its own threads, in order; a [MutableStateFlow] is thread-safe
 * and conflates, which is what a UI wants (it draws the latest state). Close it (e.g. in
 * `ViewModel.onCleared`) to stop the subscription.
 */
class WalletStateFlow(
    wallet: Wallet,
) : AutoCloseable {
    private val mutable = MutableStateFlow(wallet.state())

    /** The latest state of the journey. */
    val state: StateFlow<AppState> = mutable.asStateFlow()

    private val subscription: SubscriptionHandle =
        wallet.subscribe(
            object : StateObserver {
                override fun onState(state: AppState) {
                    mutable.value = state
                }
            },
        )

    override fun close() {
        subscription.cancel()
        subscription.close()
    }
}
