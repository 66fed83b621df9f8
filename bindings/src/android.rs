//! Android only: the JNI entry point that initialises `rustls-platform-verifier`.
//!
//! The core verifies TLS certificates with the platform's verifier; on Android that verifier
//! calls into the JVM (Android's `X509TrustManager`) and needs the JVM and the app's `Context`
//! before the first request, or the first HTTPS call panics ("Expect rustls-platform-verifier to
//! be initialized"). The app calls `SwipPlatform.init(context)` (android/swipcore) once, in
//! `Application.onCreate`, before `Wallet.open`. uniffi cannot pass a JNI `Context`, hence this
//! one hand-written JNI function; the verifier's Kotlin component ships with the
//! `rustls-platform-verifier-android` crate (see the README, "Android and iOS").

use jni::EnvUnowned;
use jni::objects::{JClass, JObject};

/// `app.swip.core.android.SwipPlatform.nativeInit(context: Context)`: stores the JVM, the
/// application context and its class loader for the verifier, and the JVM for the observer
/// threads (`jvm_thread`). Idempotent. A failure is thrown
/// as a `RuntimeException`; nothing unwinds into the JVM.
#[unsafe(no_mangle)]
pub extern "system" fn Java_app_swip_core_android_SwipPlatform_nativeInit<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    context: JObject<'caller>,
) {
    env.with_env(|env| -> Result<(), jni::errors::Error> {
        crate::jvm_thread::remember_vm(env.get_java_vm()?.get_raw().cast());
        rustls_platform_verifier::android::init_with_env(env, context)
    })
    .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}
