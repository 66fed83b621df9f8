package app.swip.ui

import app.swip.core.Wallet

/**
 * A card as typed, handed straight to the core (which validates it and names every invalid field).
 * Never logged: [toString] shows no field.
 */
class CardForm(
    private val number: String,
    private val month: String,
    private val year: String,
    private val cvv: String,
    private val holder: String,
    private val makeDefault: Boolean,
) {
    /** Binds the card with [wallet]; a month or year that is not a number reaches the core as 0, which it reports. */
    suspend fun bind(wallet: Wallet) {
        wallet.bindCard(number.filter { it.isDigit() }, (month.trim().toIntOrNull() ?: 0), (year.trim().toIntOrNull() ?: 0), cvv, holder, makeDefault)
    }

    override fun toString(): String = "CardForm(…)"
}
