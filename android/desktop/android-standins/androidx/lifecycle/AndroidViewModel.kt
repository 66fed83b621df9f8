package androidx.lifecycle

import android.app.Application

/** Stand-in (signatures only) for androidx.lifecycle:lifecycle-viewmodel's Android-only AndroidViewModel. */
open class AndroidViewModel(
    private val application: Application,
) : ViewModel() {
    /** The application. */
    @Suppress("UNCHECKED_CAST")
    fun <T : Application> getApplication(): T = application as T
}
