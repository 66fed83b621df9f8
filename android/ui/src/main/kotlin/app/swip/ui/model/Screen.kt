package app.swip.ui.model

/**
 * One screen of the app, as the user reads it: every text the core writes is already in words
 * (problems, amounts, the phone), every flag says what may be pressed. Made from the core's state by
 * [ScreenMapping]; drawn by `SwipApp`. [sensitive] screens (card data, PIN) are hidden from
 * screenshots and the app switcher (FLAG_SECURE on Android, a privacy cover on iOS).
 */
sealed interface Screen {
    /** True when the screen shows or takes card data or a PIN. */
    val sensitive: Boolean get() = false

    /** The wallet is opening (the native library loads, the store is read). */
    data object Opening : Screen

    /** The wallet could not open; [problem] says why. */
    data class OpenFailed(
        val problem: String,
    ) : Screen

    /** Asks for the phone number. */
    data class Phone(
        val submitting: Boolean,
        val problem: String?,
    ) : Screen

    /** Asks for the SMS code sent to [maskedPhone]; another SMS may be asked for at [resendAtMs] (wallet clock). */
    data class Code(
        val maskedPhone: String,
        val verifying: Boolean,
        val resendAtMs: Long,
        val problem: String?,
    ) : Screen

    /** Asks for the PIN: to choose one, to sign in on this device, or to unlock. */
    data class Pin(
        val purpose: PinPurpose,
        val submitting: Boolean,
        val problem: String?,
        val sessionExpired: Boolean,
    ) : Screen {
        override val sensitive: Boolean get() = true
    }

    /** Too many wrong PINs: the phone must be confirmed by SMS again. */
    data class AccountLocked(
        val phone: String,
        val maskedPhone: String,
    ) : Screen

    /** The card list, with adding a card and opening a till's order. */
    data class Cards(
        val cards: List<CardRow>,
        val loading: Boolean,
        val problem: String?,
    ) : Screen {
        override val sensitive: Boolean get() = true
    }

    /** A card being bound (or just bound / refused). */
    data class Binding(
        val last4: String,
        val stage: BindingStep,
    ) : Screen {
        override val sensitive: Boolean get() = true
    }

    /** An order: its lines and sums, and where its payment is. */
    data class Checkout(
        val order: OrderSummary?,
        val step: PaymentStep,
        val payCard: CardRow?,
        val atTill: Boolean,
    ) : Screen
}

/** Why the PIN is asked for. */
enum class PinPurpose {
    /** A new user chooses it. */
    SETUP,

    /** A known user signs in on a new device. */
    LOGIN,

    /** After a restart or an expired session. */
    UNLOCK,
}

/** A card as listed. */
data class CardRow(
    val id: String,
    val title: String,
    val bank: String,
    val isDefault: Boolean,
    val blocked: Boolean,
    val createdAtMs: Long,
)

/** Where a card binding is. */
sealed interface BindingStep {
    /** Sent; the server or the bank is working. */
    data object Processing : BindingStep

    /** The bank's page to show ([html] null: still being fetched). */
    data class ThreeDs(
        val html: String?,
        val returnUrl: String,
    ) : BindingStep

    /** The page is done; the answer comes from the server. */
    data object Waiting : BindingStep

    /** Bound. */
    data object Bound : BindingStep

    /** Refused, [problem] in words. */
    data class Failed(
        val problem: String,
    ) : BindingStep

    /** No answer by the deadline: "check again". */
    data object Unknown : BindingStep
}

/** An order's lines and sums, amounts already written in the locale. */
data class OrderSummary(
    val number: String,
    val merchant: String,
    val store: String,
    val lines: List<OrderLineRow>,
    val subtotal: String?,
    val discount: String?,
    val total: String,
    val cashback: String?,
    val emailRequired: Boolean,
)

/** One line: name, quantity and amount as written. */
data class OrderLineRow(
    val name: String,
    val quantity: String,
    val amount: String,
)

/** Where an order's payment is. */
sealed interface PaymentStep {
    /** The order is being created. */
    data object Creating : PaymentStep

    /** The server refused the order. */
    data class Refused(
        val problem: String,
    ) : PaymentStep

    /** Ready to pay; [problem] is why the last try failed, if one did. */
    data class Ready(
        val problem: String?,
    ) : PaymentStep

    /** Being paid with [card]. */
    data class Paying(
        val card: String,
    ) : PaymentStep

    /** Paid; the receipt goes to [email]. */
    data class Paid(
        val card: String,
        val email: String,
    ) : PaymentStep

    /** The bank refused. */
    data class Failed(
        val problem: String,
    ) : PaymentStep

    /** No final answer: "check again" (never a second charge). */
    data class Unknown(
        val card: String,
    ) : PaymentStep

    /** Telling the server the user pays at the till. */
    data object ConfirmingAtTill : PaymentStep

    /** The user pays at the till, in cash or by card. */
    data class AtTill(
        val cash: Boolean,
    ) : PaymentStep
}
