package app.swip.android

import android.app.Application
import android.util.Log
import app.swip.core.LogLevel
import app.swip.core.SwipException
import app.swip.core.android.LogcatLogger
import app.swip.core.android.SwipPlatform
import app.swip.core.setLogger
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async

/**
 * Process setup, off the main thread: the native library loads on a background dispatcher at start
 * (its first load takes a few hundred ms), with the TLS verifier and log forwarding to Logcat.
 * The first frame does not wait for it; only opening the wallet awaits [native].
 */
class SwipApplication : Application() {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /** Completes when the core can be called. */
    lateinit var native: Deferred<Unit>
        private set

    override fun onCreate() {
        super.onCreate()
        native =
            scope.async(Dispatchers.IO) {
                SwipPlatform.init(this@SwipApplication)
                try {
                    setLogger(LogcatLogger(), if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.WARN)
                } catch (e: SwipException) {
                    // The app works without the core's logs; say so once where developers look.
                    Log.w(TAG, "the core's logs are not forwarded: ${e.javaClass.simpleName}")
                }
            }
    }

    private companion object {
        const val TAG = "SwipApplication"
    }
}
