/// How a delivery that failed for a reason that may pass (no answer, a 5xx, a 429) is tried again: after
/// ``initialBackoff``, then twice as long each time up to ``maxBackoff``, for at most ``maxAttempts`` attempts in all.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included.
    public var maxAttempts: Int
    /// The wait after the first failed attempt.
    public var initialBackoff: Duration
    /// The longest wait.
    public var maxBackoff: Duration

    /// A policy of `maxAttempts` attempts, waiting from `initialBackoff` up to `maxBackoff` between them.
    public init(
        maxAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(30)
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// The wait after failed attempt number `attempt` (from 1): ``initialBackoff`` × 2^(`attempt` − 1), at most
    /// ``maxBackoff``.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = initialBackoff
        var doublings = attempt - 1
        // Doubling stops at the cap, so a long run of attempts cannot overflow.
        while doublings > 0, delay < maxBackoff {
            delay = delay * 2
            doublings -= 1
        }
        return min(delay, maxBackoff)
    }
}
