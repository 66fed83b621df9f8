package androidx.activity

import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider

/** Stand-in (signatures only) for androidx.activity:activity's ComponentActivity. */
open class ComponentActivity : android.app.Activity()

/** Stand-in for androidx.activity:activity-ktx's `viewModels()`. */
inline fun <reified VM : ViewModel> ComponentActivity.viewModels(noinline factoryProducer: (() -> ViewModelProvider.Factory)? = null): Lazy<VM> =
    throw UnsupportedOperationException("stand-in")
