// :ui — the shell's UI: screens, the rendering of every state of the core, the texts. No `android.*`
// import and only Compose APIs that Compose Multiplatform also has, so that the same sources compile
// for Android here (Gradle) and for the desktop JVM in the test command (scripts/shells-compile.sh),
// where they are rendered from the real core to PNG (scripts/screens.sh).
// The texts are this module's string resources (values/ Russian-first pair values-ru/), read through
// [app.swip.ui.text.Strings]; the texts both shells share come from the core (problemText, formatRub).
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

android {
    namespace = "app.swip.ui"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
    }

    buildFeatures {
        compose = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    api(project(":swipcore"))
    implementation(platform("androidx.compose:compose-bom:2025.06.00"))
    implementation("androidx.compose.ui:ui")
    implementation("androidx.compose.foundation:foundation")
    implementation("androidx.compose.material3:material3")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.10.2")
}
