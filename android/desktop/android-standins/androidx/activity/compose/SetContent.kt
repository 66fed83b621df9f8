package androidx.activity.compose

import androidx.activity.ComponentActivity
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionContext

/** Stand-in (signature only) for androidx.activity:activity-compose's `setContent`. */
fun ComponentActivity.setContent(
    parent: CompositionContext? = null,
    content: @Composable () -> Unit,
): Unit = throw UnsupportedOperationException("stand-in")
