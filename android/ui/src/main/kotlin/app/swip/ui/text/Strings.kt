package app.swip.ui.text

import app.swip.core.TextLocale

/**
 * The shell's texts in the device's language: Android reads them from its string resources
 * (`AndroidStrings` in :app), the desktop test from the same XML files. [locale] is the language
 * the core writes its texts in (problems, amounts, the phone), chosen by the same device language.
 */
interface Strings {
    /** The language of the core's texts, the same as these. */
    val locale: TextLocale

    /** The text of [key], its `%1$s`... filled with [args]. */
    fun get(
        key: UiString,
        vararg args: Any,
    ): String
}
