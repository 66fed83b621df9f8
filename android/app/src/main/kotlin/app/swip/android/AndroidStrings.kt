package app.swip.android

import android.content.Context
import app.swip.core.TextLocale
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString
import java.util.EnumMap

/**
 * The UI's texts from the app's string resources (`values/`, `values-ru/` of :ui) in the device's
 * language; the core writes its texts (problems, amounts) in the same language.
 */
class AndroidStrings(
    context: Context,
) : Strings {
    private val resources = context.applicationContext.resources
    private val packageName = context.applicationContext.packageName
    private val ids = EnumMap<UiString, Int>(UiString::class.java)

    override val locale: TextLocale = languageOf(resources.configuration.locales.get(0).toLanguageTag())

    override fun get(
        key: UiString,
        vararg args: Any,
    ): String {
        val id = synchronized(ids) { ids.getOrPut(key) { resources.getIdentifier(key.resourceName, "string", packageName) } }
        check(id != 0) { "no string resource ${key.resourceName}" }
        return if (args.isEmpty()) resources.getString(id) else resources.getString(id, *args)
    }

    private companion object {
        /** Russian for Russian, English otherwise: the same rule as the core's, without calling it (no native code at start). */
        fun languageOf(tag: String): TextLocale = if (tag.lowercase().startsWith("ru")) TextLocale.RU else TextLocale.EN
    }
}
