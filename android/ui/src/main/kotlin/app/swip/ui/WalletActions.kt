package app.swip.ui

/** What the user can do on the screens; [WalletController] sends each to the core. */
interface WalletActions {
    /** Hides the notice. */
    fun dismissNotice()

    /** Sends the SMS to [phone]. */
    fun startSignup(phone: String)

    /** Sends another SMS (allowed once the core's countdown is over). */
    fun resendSms()

    /** Checks the SMS code. */
    fun submitCode(code: String)

    /** A new user's PIN and optional names. */
    fun setPin(
        pin: String,
        firstName: String,
        lastName: String,
    )

    /** Signs in or unlocks with the PIN. */
    fun enterPin(pin: String)

    /** Signs out on this device. */
    fun signOut()

    /** Loads the card list again. */
    fun refreshCards()

    /** Binds the card typed into [form]. */
    fun bindCard(form: CardForm)

    /** The 3-D Secure page reached its return URL. */
    fun threeDsReturned()

    /** The user closed the 3-D Secure page. */
    fun threeDsClosed()

    /** Asks the server again about a binding or payment in doubt. */
    fun checkAgain()

    /** Leaves a finished binding. */
    fun dismissBinding()

    /** Makes the card the default. */
    fun setDefaultCard(cardId: String)

    /** The card stops being the default. */
    fun unsetDefaultCard(cardId: String)

    /** Deletes the card. */
    fun deleteCard(cardId: String)

    /** Opens a till's order by its session code (the QR's text). */
    fun findTillOrder(sessionCode: String)

    /** Pays the order with the default card; the receipt goes to [email]. */
    fun pay(email: String)

    /** The user pays a till's order at the till, in cash or by card. */
    fun payAtTill(cash: Boolean)

    /** Leaves the order screen. */
    fun dismissCheckout()

    /** Whether [url] is the 3-D Secure return URL. */
    fun isThreeDsReturnUrl(url: String): Boolean
}
