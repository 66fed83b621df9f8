// :swipcore — the Rust core for Android: the generated uniffi Kotlin (committed under
// bindings/generated/kotlin, package app.swip.core), libswip_ffi.so per ABI (build-rust-libs.sh),
// JNA, and the small adapters of app.swip.core.android (Keystore store, Logcat, native load and
// TLS verifier initialisation). Consumers get consumer-rules.pro, which keeps JNA and the bindings.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "app.swip.core"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].java.srcDir("../../bindings/generated/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

/** The version of rustls-platform-verifier-android in Cargo.lock: the Kotlin half must match it. */
abstract class RustlsVersion : ValueSource<String, RustlsVersion.Params> {
    interface Params : ValueSourceParameters {
        val lockFile: RegularFileProperty
    }

    override fun obtain(): String {
        val lines = parameters.lockFile.get().asFile.readLines()
        val at = lines.indexOfFirst { it.trim() == "name = \"rustls-platform-verifier-android\"" }
        check(at >= 0) { "rustls-platform-verifier-android is not in Cargo.lock" }
        return lines.drop(at + 1).first { it.trimStart().startsWith("version = ") }.substringAfter('"').substringBefore('"')
    }
}

val rustlsPlatformVerifierVersion = providers.of(RustlsVersion::class.java) {
    parameters.lockFile.set(rootProject.layout.projectDirectory.file("../Cargo.lock"))
}

configurations.configureEach {
    resolutionStrategy.eachDependency {
        if (requested.name == "rustls-platform-verifier" && requested.group in setOf("rustls", "org.rustls")) {
            useVersion(rustlsPlatformVerifierVersion.get())
            because("the Kotlin component must match rustls-platform-verifier-android in Cargo.lock")
        }
    }
}

dependencies {
    // JNA as an AAR: it carries libjnidispatch.so for every ABI. 5.17+ (PR #1642): its Android
    // libraries are 16 KB-page aligned (5.15 crashed on 16 KB-page devices, issues #1618, #1647);
    // the test command reads the arm64 library's alignment (scripts/test.d/60-shells.sh).
    api("net.java.dev.jna:jna:5.19.1@aar")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
    // The generated bindings use @RequiresApi (android_cleaner = true in uniffi.toml).
    implementation("androidx.annotation:annotation:1.9.1")
    implementation("rustls:rustls-platform-verifier")
}
