package app.swip.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.swip.core.Wallet
import app.swip.core.walletConfig
import app.swip.core.android.KeystoreSecureStore
import app.swip.ui.WalletController

/**
 * Holds the wallet for the activity's lifetime. The journey is the core's; [controller] turns taps
 * into its actions and its states into screens. The native library is awaited here, off the main
 * thread (see [SwipApplication.native]).
 */
class WalletViewModel(
    application: Application,
) : AndroidViewModel(application) {
    /** The strings of the device's language. */
    val strings = AndroidStrings(application)

    private var wallet: Wallet? = null

    /** Actions and screens. */
    val controller =
        WalletController(viewModelScope, strings) {
            (application as SwipApplication).native.await()
            val config = walletConfig(BuildConfig.SWIP_BASE_URL).copy(allowPlainHttp = BuildConfig.DEBUG)
            Wallet.open(config, KeystoreSecureStore(application)).also { wallet = it }
        }

    override fun onCleared() {
        wallet?.close()
    }
}
