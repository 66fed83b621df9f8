package app.swip.ui

import app.swip.core.AppState
import app.swip.core.StateObserver
import app.swip.core.Wallet
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.channels.BufferOverflow

/**
 * The wallet's states as a cold [Flow]: the native subscription exists only while the flow is
 * collected (e.g. by `collectAsStateWithLifecycle` while the screen is visible) and is cancelled when
 * the collector stops. Conflated: a UI draws the latest state. The first value is the current state.
 */
fun Wallet.states(): Flow<AppState> =
    callbackFlow {
        trySend(state())
        val subscription =
            subscribe(
                object : StateObserver {
                    override fun onState(state: AppState) {
                        trySend(state)
                    }
                },
            )
        awaitClose {
            subscription.cancel()
            subscription.close()
        }
    }.buffer(capacity = 1, onBufferOverflow = BufferOverflow.DROP_OLDEST)
