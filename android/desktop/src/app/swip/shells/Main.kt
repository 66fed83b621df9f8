package app.swip.shells

import app.swip.core.TextLocale
import app.swip.core.test.SandboxProcess
import java.io.File
import kotlin.system.exitProcess

/**
 * The rendered-journey test: `Main <out dir> <res dir>` renders every journey in Russian and English
 * to `<out>/ru/` and `<out>/en/` (one PNG per state), writes `<out>/index.html`, prints `N passed, N failed` (one per screen)
 * and exits non-zero when a check failed. Needs `-Dswip.sandbox=<swip-sandbox>` and
 * `-Djna.library.path=<dir of libswip_ffi.so>`.
 */
fun main(args: Array<String>) {
    val out = File(args.getOrElse(0) { "target/screens" })
    val res = File(args.getOrElse(1) { "android/ui/src/main/res" })
    val shots = linkedMapOf<TextLocale, List<Shot>>()
    for (locale in listOf(TextLocale.RU, TextLocale.EN)) {
        val dir = File(out, locale.name.lowercase())
        dir.deleteRecursively()
        SandboxProcess.start().use { sandbox ->
            val journeys = RenderJourneys(sandbox, locale, res, dir)
            try {
                journeys.run()
            } finally {
                shots[locale] = journeys.shots.toList()
            }
        }
    }
    Gallery.write(out, shots)
    val all = shots.values.flatten()
    val failed = all.count { it.failures.isNotEmpty() }
    println("screens: ${out.path}/index.html")
    println("${all.size - failed} passed, $failed failed")
    exitProcess(if (failed == 0 && all.isNotEmpty()) 0 else 1)
}
