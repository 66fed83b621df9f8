// FFI cost from Kotlin on the JVM, through the generated bindings only (what an Android app
// calls), against baselines measured in the same JVM run: a bare JNA direct-mapped native call
// (getpid from libc: the floor of any call into native code) and an empty runBlocking (the floor
// of calling a suspend function from blocking code).
//
// Run by benches/kotlin/run.sh (see BENCHMARKS.md). The wallet starts from the secure store of a
// user who went through the demo journey (`swip-bench ffi-fixture`), unlocks with the PIN and
// creates an order, so state() carries two cards and an order with its lines and loyalty.
// Prints Markdown rows and `@summary|` lines (scripts/bench.sh puts them in BENCHMARKS.md).
package app.swip.core.bench

import app.swip.core.AuthState
import app.swip.core.OrderLine
import app.swip.core.SecureStore
import app.swip.core.SwipException
import app.swip.core.WaitCondition
import app.swip.core.Wallet
import app.swip.core.walletConfig
import app.swip.core.UniffiLib
import app.swip.core.UniffiRustCallStatus
import com.sun.jna.Native
import kotlinx.coroutines.runBlocking
import java.io.BufferedReader
import java.io.InputStreamReader
import java.util.Base64
import java.util.Locale

/** A JNA direct-mapped libc call: the same mapping kind as the generated bindings. */
object LibC {
    init {
        Native.register("c")
    }

    @JvmStatic
    external fun getpid(): Int
}

/** The device's secure store, as an app implements it (a map here). */
class MemoryStore : SecureStore {
    private val map = HashMap<String, ByteArray>()

    override fun get(key: String): ByteArray? = synchronized(map) { map[key]?.copyOf() }

    override fun put(key: String, value: ByteArray) = synchronized(map) { map[key] = value.copyOf() }

    override fun delete(key: String) {
        synchronized(map) { map.remove(key) }
    }
}

/** Nanoseconds of each of `n` calls of `body`, after `warmup` untimed ones, sorted. */
inline fun measure(warmup: Int, n: Int, body: () -> Unit): LongArray {
    repeat(warmup) { body() }
    val samples = LongArray(n)
    for (i in 0 until n) {
        val start = System.nanoTime()
        body()
        samples[i] = System.nanoTime() - start
    }
    samples.sort()
    return samples
}

fun LongArray.percentile(p: Double): Long {
    val rank = Math.ceil(p / 100.0 * size).toInt().coerceIn(1, size)
    return this[rank - 1]
}

fun micros(nanos: Long): String = String.format(Locale.ROOT, "%.2f µs", nanos / 1000.0)

fun main() {
    val fixtureCommand = System.getProperty("swip.fixture") ?: error("-Dswip.fixture=<swip-bench binary> is not set")
    val fixture = ProcessBuilder(fixtureCommand, "ffi-fixture").redirectError(ProcessBuilder.Redirect.INHERIT).start()
    val lines = BufferedReader(InputStreamReader(fixture.inputStream))
    val store = MemoryStore()
    var url = ""
    var pin = ""
    var order = listOf<String>()
    while (true) {
        val line = lines.readLine() ?: error("ffi-fixture exited (${fixture.waitFor()})")
        val words = line.split(" ")
        when (words[0]) {
            "listening" -> url = words[2]
            "store" -> store.put(words[1], Base64.getDecoder().decode(words[2]))
            "pin" -> pin = words[1]
            "order" -> order = words.drop(1)
            "ready" -> break
        }
    }
    try {
        run(url, store, pin, order)
    } finally {
        fixture.outputStream.close()
        fixture.waitFor()
    }
}

fun run(url: String, store: MemoryStore, pin: String, order: List<String>) {
    val wallet = runBlocking {
        val wallet = Wallet.open(walletConfig(url).copy(pollIntervalMs = 100L), store)
        wallet.enterPin(pin)
        wallet.waitFor(WaitCondition.CARDS_IDLE, 30_000L)
        wallet.createOrder(order[0], order[1], listOf(OrderLine(productId = order[2], quantity = 2.0)))
        wallet
    }
    val state = wallet.state()
    check(state.auth is AuthState.SignedIn) { "not signed in: ${state.auth}" }
    check(state.cards.cards.size == 2) { "expected two cards: ${state.cards}" }
    check(state.checkout != null) { "no order" }

    var sink = 0L
    val warmup = 20_000
    val refused: () -> Unit = {
        runBlocking {
            try {
                wallet.dismissBinding()
            } catch (e: SwipException) {
                sink += 1
            }
        }
    }
    val rows = listOf(
        Triple("bare JNA direct call, `getpid()` (**baseline**)", 200_000, measure(warmup, 200_000) { sink += LibC.getpid() }),
        Triple(
            "what each uniffi call allocates: a JNA `Structure` (`UniffiRustCallStatus()`)",
            200_000,
            measure(warmup, 200_000) { sink += UniffiRustCallStatus().code },
        ),
        Triple(
            "two uniffi FFI calls with a status: clone + free of the wallet's handle (every method call clones it)",
            200_000,
            measure(warmup, 200_000) {
                val handle = wallet.uniffiCloneHandle()
                UniffiLib.uniffi_swip_ffi_fn_free_wallet(handle, UniffiRustCallStatus())
            },
        ),
        Triple("uniffi sync method, `activePolls()`", 200_000, measure(warmup, 200_000) { sink += wallet.activePolls().toLong() }),
        Triple("**`state()`**: signed in, 2 cards, an order", 50_000, measure(warmup, 50_000) { sink += wallet.state().cards.cards.size }),
        Triple("empty `runBlocking {}` (**baseline** of a suspend call)", 50_000, measure(warmup, 50_000) { runBlocking { sink += 1 } }),
        Triple(
            "**refused action**: `runBlocking { dismissBinding() }` with no binding (SwipException)",
            20_000,
            measure(5_000, 20_000, refused),
        ),
    )
    println("| call from Kotlin (JVM) | calls | p50 | p90 | p99 |")
    println("|---|---|---|---|---|")
    for ((label, n, samples) in rows) {
        println("| $label | $n | ${micros(samples.percentile(50.0))} | ${micros(samples.percentile(90.0))} | ${micros(samples.percentile(99.0))} |")
    }
    val jna = rows[0].third.percentile(50.0)
    val stateP50 = rows[4].third.percentile(50.0)
    val blocking = rows[5].third.percentile(50.0)
    val actionP50 = rows[6].third.percentile(50.0)
    val target = 20_000L
    println()
    println("_${Runtime.getRuntime().availableProcessors()} CPUs, ${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}; warmed loops timed call by call with System.nanoTime (sink $sink)._")
    println(
        "@summary|FFI cost from Kotlin, `state()`|p50 ${micros(stateP50)}|≤ 20 µs p50|bare JNA call p50 ${micros(jna)}|" +
            (if (stateP50 <= target) "yes" else "**no**"),
    )
    println(
        "@summary|FFI cost from Kotlin, a refused action (suspend)|p50 ${micros(actionP50)}|≤ 20 µs p50|empty runBlocking p50 ${micros(blocking)}|" +
            (if (actionP50 <= target) "yes" else "**no**"),
    )
    wallet.shutdown()
}
