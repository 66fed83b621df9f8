//! The problem texts: every kind of problem and every error code of the contract, in words.

use swip_protocol::ErrorCode;

use super::locale::{Locale, ru_plural};
use crate::journey::{Problem, ProblemKind};

/// What a user reads about `problem`: the text of the server's error code when the contract
/// knows it, otherwise of the problem's kind, followed by the wrong PINs left and the wait
/// before trying again when the server said. Never the server's own message.
pub fn problem_text(problem: &Problem, locale: Locale) -> String {
    let known_code = problem
        .code
        .map(ErrorCode::from_u32)
        .and_then(|code| code_text(code, locale));
    let mut text = known_code
        .unwrap_or_else(|| kind_text(problem.kind, locale))
        .to_owned();
    if let Some(left) = problem.attempts_left {
        text.push(' ');
        text.push_str(&attempts_left(left, locale));
    }
    if let Some(seconds) = problem.retry_after_s.filter(|s| *s > 0) {
        text.push(' ');
        text.push_str(&retry_after(seconds, locale));
    }
    text
}

/// The text of a problem's kind.
fn kind_text(kind: ProblemKind, locale: Locale) -> &'static str {
    match kind {
        ProblemKind::Rejected => locale.pick(
            "Проверьте введённые данные и попробуйте снова.",
            "Please check what you entered and try again.",
        ),
        ProblemKind::RateLimited => locale.pick(
            "Слишком много попыток. Попробуйте позже.",
            "Too many attempts. Please try again later.",
        ),
        ProblemKind::Network => locale.pick(
            "Нет связи с сервером. Проверьте интернет и попробуйте снова.",
            "No connection to the server. Check your internet connection and try again.",
        ),
        ProblemKind::Server => locale.pick(
            "Сервис временно не работает. Попробуйте позже.",
            "The service is temporarily unavailable. Please try again later.",
        ),
        ProblemKind::Declined => locale.pick(
            "Банк отклонил операцию.",
            "The bank declined the operation.",
        ),
        ProblemKind::SessionExpired => locale.pick(
            "Сеанс истёк. Введите ПИН-код.",
            "Your session has expired. Please enter your PIN.",
        ),
        ProblemKind::Unreadable => locale.pick(
            "Не удалось прочитать ответ сервера. Попробуйте позже.",
            "The server's answer could not be read. Please try again later.",
        ),
        ProblemKind::CertificatePin => locale.pick(
            "Соединение с сервером не защищено. Смените сеть, например, отключитесь от общественного Wi-Fi.",
            "The connection to the server is not secure. Try another network, e.g. not a public Wi-Fi.",
        ),
        ProblemKind::Storage => locale.pick(
            "Не удалось сохранить данные на телефоне. Перезапустите приложение и попробуйте снова.",
            "The app could not save its data on this phone. Restart the app and try again.",
        ),
        ProblemKind::Internal => locale.pick(
            "Внутренняя ошибка приложения. Перезапустите приложение и попробуйте снова.",
            "Something went wrong inside the app. Restart the app and try again.",
        ),
        ProblemKind::Other => locale.pick(
            "Что-то пошло не так. Попробуйте ещё раз.",
            "Something went wrong. Please try again.",
        ),
    }
}

/// The text of an error code of the contract (`None` for a code the contract does not list).
fn code_text(code: ErrorCode, locale: Locale) -> Option<&'static str> {
    let (ru, en) = match code {
        ErrorCode::InternalServerError => (
            "Сервис временно не работает. Попробуйте позже.",
            "The service is temporarily unavailable. Please try again later.",
        ),
        ErrorCode::AuthenticationError => (
            "Не удалось войти. Введите ПИН-код ещё раз.",
            "Sign-in failed. Please enter your PIN again.",
        ),
        ErrorCode::AccessDenied => (
            "Это действие вам недоступно.",
            "You are not allowed to do this.",
        ),
        ErrorCode::ValidationFailed => (
            "Проверьте введённые данные и попробуйте снова.",
            "Please check what you entered and try again.",
        ),
        ErrorCode::IllegalState => (
            "Сейчас это действие невозможно. Обновите экран и попробуйте снова.",
            "This cannot be done right now. Refresh and try again.",
        ),
        ErrorCode::MethodNotSupported => (
            "Эта операция не поддерживается.",
            "This operation is not supported.",
        ),
        ErrorCode::Duplicate => ("Такие данные уже есть.", "This already exists."),
        ErrorCode::NotFound => (
            "Ничего не найдено. Проверьте данные и попробуйте снова.",
            "Nothing was found. Please check and try again.",
        ),
        ErrorCode::UnsupportedMessage => (
            "Эта версия приложения не может выполнить операцию. Обновите приложение.",
            "This version of the app cannot do this. Please update the app.",
        ),
        ErrorCode::OrderFlowViolation => (
            "Заказ нельзя обработать в его текущем состоянии.",
            "The order cannot be processed in its current state.",
        ),
        ErrorCode::SmsCodeExpired => (
            "Срок действия кода из СМС истёк. Запросите новый код.",
            "The SMS code has expired. Please request a new one.",
        ),
        ErrorCode::OperationTimedOut => (
            "Операция заняла слишком много времени. Попробуйте ещё раз.",
            "The operation took too long. Please try again.",
        ),
        ErrorCode::DoesntMatch => ("Неверный код или ПИН-код.", "Wrong code or PIN."),
        ErrorCode::PaymentsBlocked => (
            "Платежи заблокированы. Обратитесь в поддержку.",
            "Payments are blocked. Please contact support.",
        ),
        ErrorCode::TokenExpired => (
            "Сеанс истёк. Введите ПИН-код.",
            "Your session has expired. Please enter your PIN.",
        ),
        ErrorCode::JwtTokenError => (
            "Сеанс недействителен. Войдите снова.",
            "Your session is no longer valid. Please sign in again.",
        ),
        ErrorCode::ConcurrentPaymentError => (
            "Уже идёт другой платёж. Дождитесь его завершения.",
            "Another payment is in progress. Please wait for it to finish.",
        ),
        ErrorCode::BankPaymentError => ("Банк отклонил платёж.", "The bank declined the payment."),
        ErrorCode::PaymentCardBlocked => (
            "Карта заблокирована. Выберите другую карту.",
            "The card is blocked. Please choose another card.",
        ),
        ErrorCode::AccountingError => (
            "Не удалось провести платёж. Попробуйте позже.",
            "The payment could not be processed. Please try again later.",
        ),
        ErrorCode::RequestLimitExceeded => (
            "Слишком много попыток. Подождите и попробуйте снова.",
            "Too many attempts. Please wait and try again.",
        ),
        ErrorCode::ExternalSystemError => (
            "Сервис банка или магазина не отвечает. Попробуйте позже.",
            "The bank's or the shop's service is not responding. Please try again later.",
        ),
        ErrorCode::CashbackPaymentError => (
            "Не удалось оплатить кешбэком.",
            "Paying with cashback failed.",
        ),
        ErrorCode::OperationInProgress => (
            "Операция ещё выполняется. Подождите.",
            "The operation is still in progress. Please wait.",
        ),
        ErrorCode::CustomerDuplicatePin => (
            "ПИН-код уже задан для этого аккаунта.",
            "A PIN is already set for this account.",
        ),
        ErrorCode::ReverseUnavailable => (
            "Платёж уже нельзя отменить.",
            "The payment can no longer be cancelled.",
        ),
        ErrorCode::OrderAlreadyExists => ("Такой заказ уже есть.", "This order already exists."),
        ErrorCode::OrderAlreadyRefunded => (
            "Деньги за заказ уже возвращены.",
            "The order has already been refunded.",
        ),
        ErrorCode::OrderAlreadyConfirmed => (
            "Оплата заказа уже подтверждена.",
            "The order's payment is already confirmed.",
        ),
        ErrorCode::OrderNotPaid => ("Заказ ещё не оплачен.", "The order is not paid yet."),
        ErrorCode::ExcessTotalAmount => (
            "Сумма возврата больше суммы заказа.",
            "The refund exceeds the order's total.",
        ),
        ErrorCode::Unknown(_) => return None,
    };
    Some(locale.pick(ru, en))
}

/// `Осталось 2 попытки.` / `2 attempts left.`
fn attempts_left(left: u32, locale: Locale) -> String {
    match locale {
        Locale::Ru => {
            let n = u64::from(left);
            let verb = ru_plural(n, "Осталась", "Остались", "Осталось");
            let noun = ru_plural(n, "попытка", "попытки", "попыток");
            format!("{verb} {left} {noun}.")
        }
        Locale::En if left == 1 => "1 attempt left.".to_owned(),
        Locale::En => format!("{left} attempts left."),
    }
}

/// `Повторите через 30 секунд.` / `Try again in 30 seconds.`
fn retry_after(seconds: u64, locale: Locale) -> String {
    match locale {
        Locale::Ru => {
            let noun = ru_plural(seconds, "секунду", "секунды", "секунд");
            format!("Повторите через {seconds} {noun}.")
        }
        Locale::En if seconds == 1 => "Try again in 1 second.".to_owned(),
        Locale::En => format!("Try again in {seconds} seconds."),
    }
}
