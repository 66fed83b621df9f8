// Test support: the sandbox process and its QA controls, a Kotlin SecureStore, a recording
// observer with a StateFlow, a collecting logger. Everything the tests do to the wallet goes
// through the generated bindings (app.swip.core).
package app.swip.core.test

import app.swip.core.AppState
import app.swip.core.AuthState
import app.swip.core.LogRecord
import app.swip.core.Logger
import app.swip.core.SecureStore
import app.swip.core.StateObserver
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/** Long enough for anything the sandbox does on its own (its delays are seconds). */
const val WAIT_MS: Long = 60_000

/** The `swip-sandbox` binary, started on a free port (`--addr 127.0.0.1:0`), killed by [close]. */
class SandboxProcess private constructor(
    private val process: Process,
    val url: String,
) : AutoCloseable {
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    companion object {
        /** Starts the binary named by the system property `swip.sandbox`. */
        fun start(): SandboxProcess {
            val binary = System.getProperty("swip.sandbox") ?: error("-Dswip.sandbox=<path of swip-sandbox> is not set")
            val process =
                ProcessBuilder(binary, "--addr", "127.0.0.1:0", "--processing-delay-ms", "1500")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
            val first =
                BufferedReader(InputStreamReader(process.inputStream)).readLine()
                    ?: error("swip-sandbox exited before listening (exit ${process.waitFor()})")
            require(first.startsWith("listening on ")) { "unexpected first line: $first" }
            return SandboxProcess(process, first.removePrefix("listening on ").trim())
        }
    }

    private fun send(request: HttpRequest.Builder): String {
        val response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "${response.request().uri()}: HTTP ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    private fun get(path: String): Any? = Json.parse(send(HttpRequest.newBuilder(URI.create(url + path)).GET()))

    /** The SMS code sent last to `phone` (11 digits). */
    fun smsCode(phone: String): String {
        val sms = get("/sandbox/sms?phone=" + URLEncoder.encode(phone, Charsets.UTF_8)) as Map<*, *>
        return sms["code"] as String
    }

    /** The magic test cards. */
    fun testCards(): List<Map<*, *>> = (get("/sandbox/test-cards") as List<*>).map { it as Map<*, *> }

    /** The first test card with `behavior` (`success`, `three_ds`, ...). */
    fun testCard(behavior: String): Map<*, *> = testCards().first { it["behavior"] == behavior }

    /** The demo catalog's first merchant. */
    fun merchant(): Map<*, *> = ((get("/sandbox/catalog") as Map<*, *>)["merchants"] as List<*>).first() as Map<*, *>

    /** Completes a 3-D Secure challenge like the cardholder at the bank's page would. */
    fun complete3ds(
        deferredId: String,
        outcome: String,
    ) {
        send(
            HttpRequest
                .newBuilder(URI.create("$url/sandbox/3ds/$deferredId"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""{"outcome":"$outcome"}""")),
        )
    }

    /** Every charge so far (money taken from cards). */
    fun charges(): List<Map<*, *>> = (get("/sandbox/charges") as List<*>).map { it as Map<*, *> }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }
}

/** The device's secure store, as the app implements it (here: a map; Keychain/Keystore on devices). */
class MemoryStore : SecureStore {
    private val map = HashMap<String, ByteArray>()

    override fun get(key: String): ByteArray? = synchronized(map) { map[key]?.copyOf() }

    override fun put(
        key: String,
        value: ByteArray,
    ) = synchronized(map) { map[key] = value.copyOf() }

    override fun delete(key: String) {
        synchronized(map) { map.remove(key) }
    }

    /** Every stored value, decoded as text (to check that no secret was stored). */
    fun allText(): String = synchronized(map) { map.values.joinToString("\n") { String(it, Charsets.UTF_8) } }

    fun keys(): Set<String> = synchronized(map) { map.keys.toSet() }
}

/** A secure store that, once [broken], throws what a buggy native store would (a secret in the message). */
class ThrowingStore : SecureStore {
    private val memory = MemoryStore()

    @Volatile var broken = false

    private fun check() {
        if (broken) throw IllegalStateException("value=SECRET-TOKEN")
    }

    override fun get(key: String): ByteArray? {
        check()
        return memory.get(key)
    }

    override fun put(
        key: String,
        value: ByteArray,
    ) {
        check()
        memory.put(key, value)
    }

    override fun delete(key: String) {
        check()
        memory.delete(key)
    }
}

/**
 * The operating system's id of the calling thread (Linux: `/proc/thread-self` is `PID/task/TID`):
 * tells native threads apart whatever the JVM calls them.
 */
fun osThreadId(): String = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/thread-self")).toString()

/**
 * Records every state the wallet reports, the OS thread and the Java thread it came on; the last
 * state as a StateFlow.
 */
class Recorder : StateObserver {
    val states: MutableList<AppState> = CopyOnWriteArrayList()
    val threads: MutableList<String> = CopyOnWriteArrayList()
    val javaThreads: MutableList<Thread> = CopyOnWriteArrayList()
    private val flow = MutableStateFlow<AppState?>(null)
    val state: StateFlow<AppState?> get() = flow

    override fun onState(state: AppState) {
        states.add(state)
        threads.add(osThreadId())
        javaThreads.add(Thread.currentThread())
        flow.value = state
    }

    /** Waits (at most [WAIT_MS]) until the observed state satisfies `predicate`; returns it. */
    suspend fun awaitState(predicate: (AppState) -> Boolean): AppState =
        withTimeout(WAIT_MS) { flow.first { it != null && predicate(it) }!! }
}

/** The auth stage's name, as the core names it. */
fun AuthState.stage(): String =
    when (this) {
        is AuthState.SignedOut -> "signed_out"
        is AuthState.PhoneEntered -> "phone_entered"
        is AuthState.AwaitingCode -> "awaiting_code"
        is AuthState.PinSetup -> "pin_setup"
        is AuthState.DeviceLogin -> "device_login"
        is AuthState.SignedIn -> "signed_in"
        is AuthState.Locked -> "locked"
        is AuthState.AccountLocked -> "account_locked"
    }

/** Collects the core's log records (Logcat / os_log in the apps). */
class CollectingLogger : Logger {
    val records: MutableList<LogRecord> = CopyOnWriteArrayList()

    override fun log(record: LogRecord) {
        records.add(record)
    }
}

/** A small JSON reader for the sandbox's answers: objects → Map, arrays → List, numbers → Double. */
object Json {
    fun parse(text: String): Any? {
        val reader = Reader(text)
        val value = reader.value()
        reader.skipSpace()
        require(reader.i == text.length) { "trailing characters in JSON at ${reader.i}" }
        return value
    }

    private class Reader(
        val s: String,
    ) {
        var i = 0

        fun skipSpace() {
            while (i < s.length && s[i].isWhitespace()) i++
        }

        fun value(): Any? {
            skipSpace()
            return when (val c = s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> literal("true", true)
                'f' -> literal("false", false)
                'n' -> literal("null", null)
                else -> if (c == '-' || c.isDigit()) num() else error("unexpected '$c' at $i")
            }
        }

        fun literal(
            word: String,
            value: Any?,
        ): Any? {
            require(s.startsWith(word, i)) { "bad literal at $i" }
            i += word.length
            return value
        }

        fun num(): Double {
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
            return s.substring(start, i).toDouble()
        }

        fun str(): String {
            val out = StringBuilder()
            i++ // opening quote
            while (s[i] != '"') {
                if (s[i] == '\\') {
                    i++
                    when (val e = s[i]) {
                        'n' -> {
                            out.append('\n')
                        }

                        't' -> {
                            out.append('\t')
                        }

                        'r' -> {
                            out.append('\r')
                        }

                        'b' -> {
                            out.append('\b')
                        }

                        'f' -> {
                            out.append('\u000C')
                        }

                        'u' -> {
                            out.append(s.substring(i + 1, i + 5).toInt(16).toChar())
                            i += 4
                        }

                        else -> {
                            out.append(e)
                        }
                    }
                } else {
                    out.append(s[i])
                }
                i++
            }
            i++ // closing quote
            return out.toString()
        }

        fun arr(): List<Any?> {
            val out = ArrayList<Any?>()
            i++
            skipSpace()
            if (s[i] == ']') {
                i++
                return out
            }
            while (true) {
                out.add(value())
                skipSpace()
                if (s[i++] == ']') return out
            }
        }

        fun obj(): Map<String, Any?> {
            val out = LinkedHashMap<String, Any?>()
            i++
            skipSpace()
            if (s[i] == '}') {
                i++
                return out
            }
            while (true) {
                skipSpace()
                val key = str()
                skipSpace()
                require(s[i++] == ':') { "expected ':' at $i" }
                out[key] = value()
                skipSpace()
                if (s[i++] == '}') return out
            }
        }
    }
}
