package app.swip.ui.text

import app.swip.core.FieldError
import app.swip.core.Problem
import app.swip.core.ProblemKind
import app.swip.core.TextLocale
import app.swip.core.fieldErrorText
import app.swip.core.formatRub
import app.swip.core.maskPhone
import app.swip.core.problemText

/**
 * The texts both shells share, written by the core in [locale]: problems (never `Problem.message`,
 * which is for logs), field errors, amounts in roubles, the masked phone.
 */
class CoreTexts(
    private val locale: TextLocale,
) {
    /** What the user reads about [problem]. */
    fun problem(problem: Problem): String = problemText(problem, locale)

    /** What the user reads about an invalid field. */
    fun fieldError(error: FieldError): String = fieldErrorText(error, locale)

    /** An amount in kopecks, e.g. `1 234,50 ₽`. */
    fun rub(kopecks: Long): String = formatRub(kopecks, locale)

    /** The phone (11 digits) as `+7 916 •••-••-67`. */
    fun phone(digits: String): String = maskPhone(digits)

    /** The text for a failure that is no server's problem (storage, a bug): "something went wrong". */
    fun unexpected(): String =
        problemText(
            Problem(kind = ProblemKind.OTHER, code = null, message = "", attemptsLeft = null, retryAfterS = null),
            locale,
        )
}
