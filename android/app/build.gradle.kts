// :app — the Android-only part of the shell: the Activity (FLAG_SECURE on card and PIN screens,
// states collected with the lifecycle), the Application (native library loaded off the main thread),
// the 3-D Secure WebView, the string resources' reader. The screens are :ui's. No journey logic.
plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

android {
    namespace = "app.swip.android"
    compileSdk = 35

    defaultConfig {
        applicationId = "app.swip.android"
        minSdk = 24
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // The sandbox on the host, as the emulator sees it (10.0.2.2). Release builds point at
        // the real server.
        buildConfigField("String", "SWIP_BASE_URL", "\"http://10.0.2.2:8080\"")
    }

    buildTypes {
        release {
            isMinifyEnabled = true // R8: :swipcore's consumer rules keep JNA and the bindings
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            buildConfigField("String", "SWIP_BASE_URL", "\"https://api.swip.example\"")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
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
    implementation(project(":swipcore"))
    implementation(project(":ui"))
    implementation(platform("androidx.compose:compose-bom:2025.06.00"))
    implementation("androidx.compose.ui:ui")
    implementation("androidx.compose.material3:material3")
    implementation("androidx.activity:activity-compose:1.9.3")
    implementation("androidx.lifecycle:lifecycle-viewmodel-compose:2.8.7")
    implementation("androidx.lifecycle:lifecycle-runtime-compose:2.8.7")
}
