package app.swip.ui.model

import app.swip.core.AppState
import app.swip.core.AuthState
import app.swip.core.BindingStage
import app.swip.core.BindingState
import app.swip.core.CardView
import app.swip.core.CardsState
import app.swip.core.CheckoutState
import app.swip.core.CounterPayment
import app.swip.core.LockReason
import app.swip.core.OrderSource
import app.swip.core.OrderView
import app.swip.core.PaymentStage
import app.swip.core.TextLocale
import app.swip.ui.text.CoreTexts
import app.swip.ui.text.javaLocale
import java.text.NumberFormat
import java.util.Locale

/**
 * The one place that reads the core's state (the generated `app.swip.core` types): it turns an
 * [AppState] into the [Screen] to draw, with the core's texts in [locale]. Nothing here decides the
 * journey; it only reads what the core decided.
 */
class ScreenMapping(
    private val locale: TextLocale,
) {
    private val texts = CoreTexts(locale)

    /** The screen for [state]. */
    fun screen(state: AppState): Screen =
        when (val auth = state.auth) {
            is AuthState.SignedOut -> Screen.Phone(submitting = false, problem = null)
            is AuthState.PhoneEntered -> Screen.Phone(auth.submitting, auth.problem?.let(texts::problem))
            is AuthState.AwaitingCode ->
                Screen.Code(
                    maskedPhone = texts.phone(auth.phone),
                    verifying = auth.verifying,
                    resendAtMs = auth.resendAvailableAtMs,
                    problem = auth.problem?.let(texts::problem),
                )
            is AuthState.PinSetup -> Screen.Pin(PinPurpose.SETUP, auth.submitting, auth.problem?.let(texts::problem), false)
            is AuthState.DeviceLogin -> Screen.Pin(PinPurpose.LOGIN, auth.submitting, auth.problem?.let(texts::problem), false)
            is AuthState.Locked ->
                Screen.Pin(
                    PinPurpose.UNLOCK,
                    auth.submitting,
                    auth.problem?.let(texts::problem),
                    sessionExpired = auth.reason == LockReason.SESSION_EXPIRED,
                )
            is AuthState.AccountLocked -> Screen.AccountLocked(auth.phone, texts.phone(auth.phone))
            is AuthState.SignedIn -> signedIn(state)
        }

    private fun signedIn(state: AppState): Screen {
        state.binding?.let { return binding(it) }
        state.checkout?.let { return checkout(it, state.cards) }
        return Screen.Cards(state.cards.cards.map(::card), state.cards.loading, state.cards.problem?.let(texts::problem))
    }

    private fun card(card: CardView): CardRow =
        CardRow(
            id = card.id,
            title = "${card.paymentSystem} ${card.maskedNumber}",
            bank = card.bankName,
            isDefault = card.isDefault,
            blocked = card.blocked,
            createdAtMs = card.createdAtMs,
        )

    private fun binding(binding: BindingState): Screen.Binding {
        val step =
            when (val stage = binding.stage) {
                is BindingStage.Submitting, is BindingStage.Processing -> BindingStep.Processing
                is BindingStage.ThreeDsChallenge -> BindingStep.ThreeDs(stage.html, stage.returnUrl)
                is BindingStage.AwaitingResult -> BindingStep.Waiting
                is BindingStage.Bound -> BindingStep.Bound
                is BindingStage.Failed -> BindingStep.Failed(texts.problem(stage.problem))
                is BindingStage.Unknown -> BindingStep.Unknown
            }
        return Screen.Binding(binding.last4, step)
    }

    private fun checkout(
        checkout: CheckoutState,
        cards: CardsState,
    ): Screen.Checkout {
        val step =
            when (val stage = checkout.stage) {
                is PaymentStage.CreatingOrder -> PaymentStep.Creating
                is PaymentStage.OrderRefused -> PaymentStep.Refused(texts.problem(stage.problem))
                is PaymentStage.Created -> PaymentStep.Ready(stage.problem?.let(texts::problem))
                is PaymentStage.Paying -> PaymentStep.Paying(stage.attempt.cardMasked)
                is PaymentStage.Paid -> PaymentStep.Paid(stage.attempt.cardMasked, stage.attempt.email)
                is PaymentStage.Failed -> PaymentStep.Failed(texts.problem(stage.problem))
                is PaymentStage.Unknown -> PaymentStep.Unknown(stage.attempt.cardMasked)
                is PaymentStage.ConfirmingAtCounter -> PaymentStep.ConfirmingAtTill
                is PaymentStage.AtCounter -> PaymentStep.AtTill(cash = stage.method == CounterPayment.CASH)
            }
        val payCard = cards.cards.firstOrNull { it.isDefault && !it.blocked }?.let(::card)
        return Screen.Checkout(checkout.order?.let(::order), step, payCard, atTill = checkout.source is OrderSource.Counter)
    }

    private fun order(order: OrderView): OrderSummary {
        val quantity = NumberFormat.getNumberInstance(javaLocale()).apply { maximumFractionDigits = 3 }
        return OrderSummary(
            number = order.orderNumber,
            merchant = order.merchantName,
            store = order.storeName,
            // Each line before its discount: the lines add up to the subtotal, the discount is shown once.
            lines = order.lines.map { OrderLineRow(it.name, quantity.format(it.quantity), texts.rub(it.amountBeforeDiscountKopecks)) },
            subtotal = if (order.discountKopecks > 0) texts.rub(order.totalOriginalKopecks) else null,
            discount = if (order.discountKopecks > 0) texts.rub(-order.discountKopecks) else null,
            total = texts.rub(order.totalKopecks),
            cashback = if (order.cashbackKopecks > 0) texts.rub(order.cashbackKopecks) else null,
            emailRequired = order.emailRequired,
        )
    }

    private fun javaLocale(): Locale = locale.javaLocale()
}
