// A Java caller of the generated bindings, on a plain JVM: every call a Java app needs is callable
// with Java types (int, long, no mangled names), suspend functions run through kotlinx's
// runBlocking, and Java classes implement the foreign interfaces. Exits non-zero on a failure.
package app.swip.core.test;

import app.swip.core.AppState;
import app.swip.core.AuthState;
import app.swip.core.OrderLine;
import app.swip.core.Refusal;
import app.swip.core.SecureStore;
import app.swip.core.StateObserver;
import app.swip.core.SubscriptionHandle;
import app.swip.core.SwipException;
import app.swip.core.SwipKt;
import app.swip.core.Wallet;
import app.swip.core.WalletConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;

public final class JavaCaller {
    /** A call of a suspend function, as Java sees it: it may throw the declared SwipException. */
    @FunctionalInterface
    interface SuspendCall<T> {
        Object call(Continuation<? super T> continuation) throws Exception;
    }

    /**
     * Runs a suspend function to its end on this thread (kotlinx's runBlocking). Its typed
     * exceptions are checked in Java, which runBlocking's lambda cannot declare: they pass through
     * unchanged, and Java code catches them as usual.
     */
    @SuppressWarnings("unchecked")
    static <T> T await(SuspendCall<T> call) throws Exception {
        return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, continuation) -> {
            try {
                return call.call((Continuation<? super T>) continuation);
            } catch (Exception error) {
                throw JavaCaller.<RuntimeException>unchecked(error);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchecked(Exception error) throws E {
        throw (E) error;
    }

    /** The app's secure store, in Java. */
    static final class JavaStore implements SecureStore {
        private final Map<String, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] get(String key) {
            return map.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            map.put(key, value.clone());
        }

        @Override
        public void delete(String key) {
            map.remove(key);
        }
    }

    /** Records every state, in Java. */
    static final class JavaObserver implements StateObserver {
        final List<AppState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onState(AppState state) {
            states.add(state);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    public static void main(String[] args) throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.Companion.start()) {
            WalletConfig defaults = SwipKt.walletConfig(sandbox.getUrl());
            long pollIntervalMs = defaults.getPollIntervalMs();
            int maxAttempts = defaults.getMaxAttempts();
            check(pollIntervalMs == 1000L && maxAttempts == 4, "the core's defaults: " + defaults);
            WalletConfig config = new WalletConfig(
                    defaults.getBaseUrl(), defaults.getConnectTimeoutMs(), defaults.getRequestTimeoutMs(), 250L,
                    defaults.getBindingDeadlineMs(), defaults.getPaymentDeadlineMs(), maxAttempts,
                    defaults.getInitialBackoffMs(), defaults.getMaxBackoffMs(), null, false, java.util.List.of());

            Wallet wallet = await(continuation -> Wallet.Companion.open(config, new JavaStore(), continuation));
            try {
                JavaObserver observer = new JavaObserver();
                SubscriptionHandle subscription = wallet.subscribe(observer);
                check(wallet.state().getAuth() instanceof AuthState.SignedOut, "a new device is signed out");
                check(AuthState.SignedOut.INSTANCE.toString().equals("SignedOut"), "readable: " + AuthState.SignedOut.INSTANCE);

                String phone = "79169990001";
                await(continuation -> wallet.startSignup(phone, continuation));
                AuthState.AwaitingCode awaiting = (AuthState.AwaitingCode) wallet.state().getAuth();
                check(awaiting.getPhone().equals(phone), "the phone: " + awaiting);
                check(awaiting.getResendAvailableAtMs() > wallet.nowMs(), "the resend countdown");

                // A refused action is a typed exception Java can branch on.
                try {
                    await(continuation -> wallet.pay(null, "qa@swip.test", continuation));
                    throw new AssertionError("paying without an order was accepted");
                } catch (Exception error) {
                    check(error instanceof SwipException.NotAllowed, "typed refusal: " + error);
                    Refusal refusal = ((SwipException.NotAllowed) error).getRefusal();
                    check(refusal instanceof Refusal.WrongStage, "the refusal: " + refusal);
                }
                // int parameters: the card form is checked field by field before anything is sent.
                try {
                    await(continuation -> wallet.bindCard("4111", 13, 2031, "1", "IVAN", false, continuation));
                    throw new AssertionError("an invalid card was accepted");
                } catch (Exception error) {
                    check(error instanceof SwipException.InvalidInput, "typed input error: " + error);
                    check(error.toString().startsWith("app.swip.core.SwipException$InvalidInput"), error.toString());
                }
                OrderLine line = new OrderLine("product-1", 1.5);
                check(line.getQuantity() == 1.5, "records are plain Java objects");

                // The observer runs on its own thread: give it a moment to see the first states.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (observer.states.size() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                check(observer.states.size() >= 2, "the Java observer was called: " + observer.states.size());
                wallet.shutdown();
                check(!subscription.isActive(), "the subscription ends with the wallet");
                subscription.close();
            } finally {
                wallet.close();
            }
        }
        System.out.println("java caller: 1 passed, 0 failed");
    }
}
