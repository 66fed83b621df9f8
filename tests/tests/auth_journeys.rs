//! Signup and login journeys: known user on a new device, PIN login after a restart, wrong SMS
//! code, the SMS resend limit, wrong PINs and the lockout.

use swip_core::journey::ActionError;
use swip_core::journey::{AuthState, LockReason, ProblemKind};
use swip_core::wallet::WalletError;
use swip_e2e::{Harness, PIN};

#[tokio::test(start_paused = true)]
async fn a_known_user_logs_in_on_a_new_device() {
    let h = Harness::start().await;
    let phone = "79160000002";
    h.sign_up(&h.wallet, phone).await;

    let device = h.other_device().await;
    h.sandbox.advance_clock(61); // the SMS limit is per phone
    device.start_signup(phone).await.unwrap();
    device.submit_code(&h.sms_code(phone)).await.unwrap();
    assert!(
        matches!(device.state().auth, AuthState::DeviceLogin { .. }),
        "a known phone logs in"
    );
    device.enter_pin(PIN).await.unwrap();
    assert!(device.state().auth.is_signed_in());
}

#[tokio::test(start_paused = true)]
async fn after_a_restart_the_pin_unlocks_the_session() {
    let mut h = Harness::start().await;
    h.sign_up(&h.wallet, "79160000003").await;
    h.restart().await;
    let AuthState::Locked { reason, .. } = h.wallet.state().auth else {
        panic!("{:?}", h.wallet.state())
    };
    assert_eq!(reason, LockReason::Restart);
    // Nothing but the PIN works while locked.
    assert!(matches!(
        h.wallet.refresh_cards().await,
        Err(WalletError::NotAllowed(_))
    ));
    h.wallet.enter_pin(PIN).await.unwrap();
    assert!(h.wallet.state().auth.is_signed_in());
}

#[tokio::test(start_paused = true)]
async fn a_wrong_sms_code_is_refused_and_the_right_one_works() {
    let h = Harness::start().await;
    let phone = "79160000004";
    h.wallet.start_signup(phone).await.unwrap();
    let right = h.sms_code(phone);
    let wrong = if right == "0000" { "1111" } else { "0000" };
    let error = h.wallet.submit_code(wrong).await.unwrap_err();
    let WalletError::Failed(problem) = error else {
        panic!("{error:?}")
    };
    assert_eq!(problem.kind, ProblemKind::Rejected);
    assert_eq!(problem.code, Some(14), "DOESNT MATCH");
    let AuthState::AwaitingCode {
        problem: Some(shown),
        verifying: false,
        ..
    } = h.wallet.state().auth
    else {
        panic!()
    };
    assert_eq!(shown, problem);
    h.wallet.submit_code(&right).await.unwrap();
    assert!(matches!(h.wallet.state().auth, AuthState::PinSetup { .. }));
    // Bad input never reaches the server.
    let before = h.sandbox.journal().len();
    assert!(matches!(
        h.wallet.set_pin("12", "", "").await,
        Err(WalletError::InvalidInput(_))
    ));
    assert_eq!(h.sandbox.journal().len(), before);
}

#[tokio::test(start_paused = true)]
async fn sms_can_be_resent_once_a_minute() {
    let h = Harness::start().await;
    let phone = "79160000005";
    h.wallet.start_signup(phone).await.unwrap();
    let first = h.sandbox.latest_sms(phone).unwrap();
    let error = h.wallet.resend_sms().await.unwrap_err();
    assert!(
        matches!(error, WalletError::NotAllowed(ActionError::ResendTooEarly { seconds_left }) if seconds_left >= 59),
        "{error:?}"
    );
    // Once the minute passed on both clocks, the resend goes through.
    tokio::time::advance(std::time::Duration::from_secs(61)).await;
    h.sandbox.advance_clock(0);
    h.wallet.resend_sms().await.unwrap();
    let second = h.sandbox.latest_sms(phone).unwrap();
    assert!(second.sent_at > first.sent_at);
    h.wallet.submit_code(&second.code).await.unwrap();
    assert!(matches!(h.wallet.state().auth, AuthState::PinSetup { .. }));
}

#[tokio::test(start_paused = true)]
async fn five_wrong_pins_lock_the_account_until_sms_verification() {
    let mut h = Harness::start().await;
    let phone = "79160000006";
    h.sign_up(&h.wallet, phone).await;
    h.restart().await;
    let wrong = "9999";
    for expected_left in (1..=4).rev() {
        let error = h.wallet.enter_pin(wrong).await.unwrap_err();
        let WalletError::Failed(problem) = error else {
            panic!("{error:?}")
        };
        assert_eq!(problem.attempts_left, Some(expected_left), "{problem:?}");
        let AuthState::Locked { attempts_left, .. } = h.wallet.state().auth else {
            panic!()
        };
        assert_eq!(attempts_left, Some(expected_left));
    }
    h.wallet.enter_pin(wrong).await.unwrap_err();
    assert!(
        matches!(h.wallet.state().auth, AuthState::AccountLocked { .. }),
        "{:?}",
        h.wallet.state().auth
    );
    // Even the right PIN is refused now.
    assert!(h.wallet.enter_pin(PIN).await.is_err());

    // Recovery: verify the phone by SMS again, then the right PIN.
    h.sandbox.advance_clock(61);
    h.wallet.start_signup(phone).await.unwrap();
    h.wallet.submit_code(&h.sms_code(phone)).await.unwrap();
    assert!(matches!(
        h.wallet.state().auth,
        AuthState::DeviceLogin { .. }
    ));
    h.wallet.enter_pin(PIN).await.unwrap();
    assert!(h.wallet.state().auth.is_signed_in());
}
