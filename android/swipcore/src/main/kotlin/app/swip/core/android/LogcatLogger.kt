package app.swip.core.android

import android.util.Log
import app.swip.core.LogLevel
import app.swip.core.LogRecord
import app.swip.core.Logger

/**
 * Forwards the core's log records (already redacted by the core) to Logcat, tagged `SwipCore`.
 * Install once: `setLogger(LogcatLogger(), if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.WARN)`.
 */
class LogcatLogger(
    private val tag: String = "SwipCore",
) : Logger {
    override fun log(record: LogRecord) {
        val text = "${record.target}: ${record.message}"
        when (record.level) {
            LogLevel.ERROR -> Log.e(tag, text)
            LogLevel.WARN -> Log.w(tag, text)
            LogLevel.INFO -> Log.i(tag, text)
            LogLevel.DEBUG -> Log.d(tag, text)
            LogLevel.TRACE -> Log.v(tag, text)
        }
    }
}
