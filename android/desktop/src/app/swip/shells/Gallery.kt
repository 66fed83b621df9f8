package app.swip.shells

import app.swip.core.TextLocale
import java.io.File

/** The gallery: every state side by side in Russian and English, with what did not hold. */
object Gallery {
    /** Writes `<out>/index.html` and `<out>/<locale>/index.html`. */
    fun write(
        out: File,
        shots: Map<TextLocale, List<Shot>>,
    ) {
        val names = shots.values.flatten().map { it.name }.distinct()
        val rows =
            names.joinToString("\n") { name ->
                val cells =
                    shots.entries.joinToString("") { (locale, list) ->
                        val shot = list.firstOrNull { it.name == name }
                        val dir = locale.name.lowercase()
                        if (shot == null) {
                            "<td>—</td>"
                        } else {
                            val failures = shot.failures.joinToString("") { "<li>${escape(it)}</li>" }
                            "<td><a href=\"$dir/$name.png\"><img src=\"$dir/$name.png\" width=\"300\"></a>" +
                                (if (failures.isEmpty()) "" else "<ul class=\"fail\">$failures</ul>") + "</td>"
                        }
                    }
                val caption = shots.values.flatten().first { it.name == name }.caption
                "<tr><th>${escape(name)}<br><small>${escape(caption)}</small></th>$cells</tr>"
            }
        val header = shots.keys.joinToString("") { "<th>${it.name.lowercase()}</th>" }
        File(out, "index.html").writeText(page("SWiP screens", "<table><tr><th></th>$header</tr>\n$rows\n</table>"))
        for ((locale, list) in shots) {
            val dir = File(out, locale.name.lowercase())
            val body = list.joinToString("\n") { "<figure><img src=\"${it.name}.png\" width=\"300\"><figcaption>${escape(it.name)}: ${escape(it.caption)}</figcaption></figure>" }
            File(dir, "index.html").writeText(page("SWiP screens (${locale.name.lowercase()})", body))
        }
    }

    private fun page(
        title: String,
        body: String,
    ) = """<!doctype html><html><head><meta charset="utf-8"><title>$title</title><style>
        |body{font-family:sans-serif} td,th{vertical-align:top;padding:6px;text-align:left} img{border:1px solid #ccc}
        |figure{display:inline-block;margin:8px} .fail{color:#b00020;max-width:300px}</style></head>
        |<body><h1>$title</h1>
        |$body
        |</body></html>
        |""".trimMargin()

    private fun escape(text: String) = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
}
