/// How a request that no node answered is tried again: every endpoint in turn, then a wait of ``initialBackoff``
/// doubling up to ``maxBackoff``, each wait shortened by up to half at random so that many watchers do not retry in
/// step, for at most ``maxRounds`` rounds.
public struct RPCRetry: Sendable, Hashable {
    /// Rounds over every endpoint, the first one included.
    public var maxRounds: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    public init(maxRounds: Int = 4, initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(5)) {
        self.maxRounds = maxRounds
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// One round and no wait: for a check that should say at once that nothing answers.
    public static let once = RPCRetry(maxRounds: 1)

    /// The wait after failed round `round` (from 1), where `jitter` in 0…1 takes up to half of it away.
    public func delay(afterRound round: Int, jitter: Double) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(round, 1) where delay < maxBackoff { delay = delay * 2 }
        delay = min(delay, maxBackoff)
        return delay - delay * (min(max(jitter, 0), 1) / 2)
    }
}
