package app.swip.shells

import app.swip.core.test.Json
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.UUID

/**
 * A shop's till on the sandbox's POS API: one store made by `POST /sandbox/pos-stores`, orders made
 * with `POST /pos-api/orders` as a real till would. The app finds them by their session code.
 */
class Till(
    private val sandboxUrl: String,
) {
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
    private val store: Map<*, *> = post("$sandboxUrl/sandbox/pos-stores", "{}", emptyMap()) as Map<*, *>

    /** Creates an order of two cappuccinos (500.00 ₽) and returns its session code (the QR's text). */
    fun newOrder(): String {
        val body =
            """{"merchantOrderId":"${UUID.randomUUID()}","merchantOrderNumber":"${(1000..9999).random()}","merchantCashier":"Anna",""" +
                """"saleDate":${System.currentTimeMillis()},"total":500,"totalOriginal":500,"purchases":[""" +
                """{"name":"Капучино","productId":"cappuccino","quantity":2,"unit":"pcs","price":250,"amount":500}]}"""
        val headers =
            mapOf(
                "Authorization" to "Bearer ${store["posToken"]}",
                "X-Merchant-ID" to store["merchantId"].toString(),
                "X-Store-ID" to store["merchantStoreId"].toString(),
                "X-Cash-ID" to "till-1",
                "Api-Version" to store["apiVersion"].toString().removeSuffix(".0"),
            )
        val order = post("$sandboxUrl/pos-api/orders", body, headers) as Map<*, *>
        return order["sessionCode"] as String
    }

    private fun post(
        url: String,
        body: String,
        headers: Map<String, String>,
    ): Any? {
        val request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        headers.forEach { (name, value) -> request.header(name, value) }
        val response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "$url: HTTP ${response.statusCode()} ${response.body()}" }
        return Json.parse(response.body())
    }
}
