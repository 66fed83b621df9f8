// SWiP Android shell: `:swipcore` wraps the Rust core (generated uniffi Kotlin + native
// libraries built by ./build-rust-libs.sh), `:ui` the screens and texts (no android.* import: also
// compiled and rendered on the desktop JVM by the test command), `:app` the Android-only adapters.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        // The Kotlin half of rustls-platform-verifier (the core verifies TLS with Android's
        // trust manager). Its version is pinned to Cargo.lock in swipcore/build.gradle.kts.
        maven { url = uri("https://github.com/rustls/rustls-platform-verifier/raw/maven-archive/android-release-support/maven/") }
    }
}

rootProject.name = "swip-android"
include(":swipcore", ":ui", ":app")
