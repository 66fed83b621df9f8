package app.swip.core.android

import android.content.Context

/**
 * Process-wide setup of the Rust core on Android. Call [init] once, off the main thread, before the
 * first `Wallet.open` (`SwipApplication` does it at start on a background dispatcher): it loads
 * `libswip_ffi.so` (its first load takes a few hundred ms) and initialises the platform TLS
 * verifier with the application context (without it the first HTTPS request fails).
 */
object SwipPlatform {
    @Volatile private var initialised = false

    /** Loads the native library and initialises the TLS verifier. Idempotent; blocking. */
    fun init(context: Context) {
        if (initialised) return
        synchronized(this) {
            if (!initialised) {
                // JNA opens the library for the uniffi calls; JNI needs it loaded by this class
                // loader to find the one hand-written entry point (bindings/src/android.rs).
                System.loadLibrary("swip_ffi")
                nativeInit(context.applicationContext)
                initialised = true
            }
        }
    }

    @JvmStatic
    private external fun nativeInit(context: Context)
}
