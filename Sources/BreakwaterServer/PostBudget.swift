import Synchronization

/// How many lines the service takes by `POST` without a token: a token bucket of `perSecond`, with bursts of ten
/// times that. Every decided line is journaled, refused or not, so an open route must not let a client fill the
/// journal; the service's clock, not the engine's, measures it.
final class PostBudget: Sendable {
    private let perSecond: Double
    private let burst: Double
    private let state: Mutex<(tokens: Double, refilled: ContinuousClock.Instant)>

    init(perSecond: Int) {
        self.perSecond = Double(perSecond)
        burst = Double(perSecond * 10)
        state = Mutex((burst, .now))
    }

    /// Takes one post from the budget; `false` when it is spent.
    func take() -> Bool {
        state.withLock { state in
            let now = ContinuousClock.now
            let elapsed = now - state.refilled
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state = (min(burst, state.tokens + seconds * perSecond), now)
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }
}
