package app.swip.ui.screens

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable

/** A screen's title. */
@Composable
internal fun Title(text: String) {
    Text(text, style = MaterialTheme.typography.headlineSmall)
}

/** A problem in words, in the error colour. */
@Composable
internal fun ProblemLine(text: String) {
    Text(text, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyLarge)
}
