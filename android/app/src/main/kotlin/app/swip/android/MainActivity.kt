package app.swip.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.material3.MaterialTheme
import app.swip.android.ui.SwipScreen

/** The one activity: renders [WalletViewModel]'s state with Compose. */
class MainActivity : ComponentActivity() {
    private val model: WalletViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent { MaterialTheme { SwipScreen(model) } }
    }
}
