package app.swip.shells

import app.swip.core.TextLocale
import app.swip.ui.text.Strings
import app.swip.ui.text.UiString
import app.swip.ui.text.javaLocale
import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/**
 * The Android string resources (`android/ui/src/main/res/values[-ru]/strings.xml`) read on the
 * desktop, so the render test shows exactly the texts the app ships. Fails on a missing text.
 */
class XmlStrings(
    resDir: File,
    override val locale: TextLocale,
) : Strings {
    /** Resource name → text, as Android would read it (`\'` unescaped). */
    val texts: Map<String, String> = read(File(resDir, if (locale == TextLocale.RU) "values-ru/strings.xml" else "values/strings.xml"))

    override fun get(
        key: UiString,
        vararg args: Any,
    ): String {
        val text = texts[key.resourceName] ?: error("no string ${key.resourceName} for $locale")
        return if (args.isEmpty()) text else String.format(locale.javaLocale(), text, *args)
    }

    private companion object {
        fun read(file: File): Map<String, String> {
            val document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
            val nodes = document.getElementsByTagName("string")
            return (0 until nodes.length).associate { index ->
                val element = nodes.item(index) as Element
                element.getAttribute("name") to element.textContent.replace("\\'", "'").replace("\\\"", "\"")
            }
        }
    }
}
