package app.swip.ui.text

import app.swip.core.TextLocale
import java.text.DateFormat
import java.util.Date
import java.util.Locale

/** The JVM locale of the texts' language (Russia's for Russian). */
fun TextLocale.javaLocale(): Locale = if (this == TextLocale.RU) Locale.forLanguageTag("ru-RU") else Locale.forLanguageTag("en-GB")

/** A date (ms since 1970) as the locale writes it, e.g. `1 декабря 2026 г.` / `1 December 2026`. */
fun Strings.date(ms: Long): String = DateFormat.getDateInstance(DateFormat.LONG, locale.javaLocale()).format(Date(ms))
