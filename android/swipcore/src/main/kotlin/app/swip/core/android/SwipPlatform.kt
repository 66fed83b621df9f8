package app.swip.core.android

import android.content.Context

/**
 * Process-wide setup of the Rust core on Android. Call [init] once, in `Application.onCreate`,
 * before the first `Wallet.open`: the core verifies TLS with Android's trust manager through
 * rustls-platform-verifier, which needs the JVM and the application context first (without it
 * the first HTTPS request fails).
 */
object SwipPlatform {
    init {
        // JNA opens the library for the uniffi calls; JNI needs it loaded by this class loader
        // to find the one hand-written entry point below (bindings/src/android.rs).
        System.loadLibrary("swip_ffi")
    }

    @Volatile private var initialised = false

    /** Initialises the platform TLS verifier with the application context. Idempotent. */
    fun init(context: Context) {
        if (initialised) return
        synchronized(this) {
            if (!initialised) {
                nativeInit(context.applicationContext)
                initialised = true
            }
        }
    }

    @JvmStatic
    private external fun nativeInit(context: Context)
}
