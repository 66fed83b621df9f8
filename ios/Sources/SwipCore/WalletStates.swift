import Foundation

/// Hands the core's states to an `AsyncStream`.
private final class StreamObserver: StateObserver {
    private let continuation: AsyncStream<AppState>.Continuation

    init(_ continuation: AsyncStream<AppState>.Continuation) {
        self.continuation = continuation
    }

    func onState(state: AppState) {
        continuation.yield(state)
    }
}

public extension Wallet {
    /// The wallet's state as an `AsyncStream`: the current state first, then every change, for
    /// as long as the stream is consumed (ending the consuming task cancels the subscription).
    /// Keeps only the newest undelivered state: a UI draws the latest one.
    ///
    /// ```swift
    /// for await state in wallet.states() { model.state = state }
    /// ```
    func states() -> AsyncStream<AppState> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            do {
                let handle = try self.subscribe(observer: StreamObserver(continuation))
                continuation.onTermination = { _ in handle.cancel() }
            } catch {
                continuation.finish()
            }
        }
    }
}
