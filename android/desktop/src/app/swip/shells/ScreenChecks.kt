@file:OptIn(ExperimentalTestApi::class)

package app.swip.shells

import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsNodeInteractionsProvider
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isEnabled
import androidx.compose.ui.test.isNotEnabled
import androidx.compose.ui.test.onRoot

/**
 * What a user checks on one rendered screen, read from its semantics tree. Failures are collected
 * (the test goes on to render the other screens) and counted per screen.
 */
class ScreenChecks(
    private val ui: SemanticsNodeInteractionsProvider,
) {
    /** What did not hold. */
    val failures = mutableListOf<String>()

    /** Every text on the screen (labels, buttons, fields), as drawn. */
    val texts: List<String> by lazy {
        val out = mutableListOf<String>()

        fun walk(node: SemanticsNode) {
            node.config.getOrNull(SemanticsProperties.Text)?.forEach { out.add(it.text) }
            node.config.getOrNull(SemanticsProperties.EditableText)?.let { out.add(it.text) }
            node.children.forEach(::walk)
        }
        walk(ui.onRoot(useUnmergedTree = true).fetchSemanticsNode())
        out
    }

    /** [text] is on the screen (a part of a text is enough). */
    fun shows(text: String) {
        if (texts.none { it.contains(text) }) failures += "not shown: \"$text\" (shown: $texts)"
    }

    /** [text] is not on the screen. */
    fun hides(text: String) {
        if (texts.any { it.contains(text) }) failures += "shown but should not be: \"$text\""
    }

    /** A button whose label contains [label] is there and can be pressed. */
    fun enabled(label: String) = button(label, wantEnabled = true)

    /** A button whose label contains [label] is there and cannot be pressed. */
    fun disabled(label: String) = button(label, wantEnabled = false)

    private fun button(
        label: String,
        wantEnabled: Boolean,
    ) {
        val all = ui.onAllNodes(hasText(label, substring = true) and hasClickAction()).fetchSemanticsNodes()
        if (all.isEmpty()) {
            failures += "no button \"$label\" (shown: $texts)"
            return
        }
        val matching = ui.onAllNodes(hasText(label, substring = true) and hasClickAction() and if (wantEnabled) isEnabled() else isNotEnabled())
        if (matching.fetchSemanticsNodes().isEmpty()) failures += "button \"$label\" should be ${if (wantEnabled) "enabled" else "disabled"}"
    }

    /** No developer text anywhere: no HTTP status, error-code name, exception, Rust path or raw enum. */
    fun noDeveloperText(foreign: Collection<String>) {
        for (text in texts) {
            DEVELOPER_TEXT.firstOrNull { it.containsMatchIn(text) }?.let { failures += "developer text ${it.pattern} in \"$text\"" }
            foreign.firstOrNull { text.contains(it) }?.let { failures += "a text of the other language (\"$it\") in \"$text\"" }
        }
    }

    private companion object {
        val CODE_NAMES =
            listOf(
                "INTERNAL SERVER ERROR", "AUTHENTICATION ERROR", "ACCESS DENIED", "VALIDATION FAILED", "ILLEGAL STATE",
                "METHOD NOT SUPPORTED", "DUPLICATE", "NOT FOUND", "UNSUPPORTED MESSAGE", "ORDER FLOW VIOLATION",
                "SMS CODE EXPIRED", "OPERATION TIMED OUT", "DOESNT MATCH", "PAYMENTS BLOCKED", "TOKEN EXPIRED",
                "JWT TOKEN ERROR", "CONCURRENT PAYMENT ERROR", "BANK PAYMENT ERROR", "PAYMENT CARD BLOCKED", "ACCOUNTING ERROR",
                "REQUEST LIMIT EXCEEDED", "EXTERNAL SYSTEM ERROR", "CASHBACK PAYMENT ERROR", "OPERATION IN PROGRESS",
                "CUSTOMER DUPLICATE PIN", "REVERSE UNAVAILABLE", "ORDER ALREADY EXISTS", "ORDER ALREADY REFUNDED",
                "ORDER ALREADY CONFIRMED", "ORDER NOT PAID", "EXCESS TOTAL AMOUNT",
            )
        val DEVELOPER_TEXT: List<Regex> =
            listOf(
                Regex("HTTP"),
                Regex("Exception|panicked|stack backtrace"),
                Regex("\\(code \\d+\\)"),
                Regex("swip_|::"),
                Regex("\\b[A-Z]+_[A-Z_]+\\b"),
                Regex("\\b(null|undefined|NaN)\\b"),
                Regex("server refused|invalid input:|is not possible while"),
            ) + CODE_NAMES.map { Regex("\\b$it\\b") }
    }
}
