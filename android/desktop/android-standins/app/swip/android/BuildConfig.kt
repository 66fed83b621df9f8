package app.swip.android

/** Stand-in for the BuildConfig the Android Gradle plugin generates (android/app/build.gradle.kts). */
object BuildConfig {
    const val DEBUG: Boolean = true
    const val SWIP_BASE_URL: String = "http://10.0.2.2:8080"
}
