package app.swip.android

import android.app.Application
import app.swip.core.LogLevel
import app.swip.core.android.LogcatLogger
import app.swip.core.android.SwipPlatform
import app.swip.core.setLogger

/** Process setup: the TLS verifier (before any request) and log forwarding to Logcat. */
class SwipApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        SwipPlatform.init(this)
        setLogger(LogcatLogger(), if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.WARN)
    }
}
