/// The weight `1 − 2^(−Δt / half-life)` an exponential average gives a new value after `Δt`, remembering the last
/// `Δt` it was asked for: updates tend to arrive at a steady cadence, and the exponential is the costly part.
///
/// A pure function of `Δt` behind a one-entry memo, so the results (and the decisions) do not depend on it.
package struct DecayWeight: Sendable, Codable {
    package let halfLifeMilliseconds: Int64
    private var lastElapsed: Int64 = -1
    private var lastWeight = 0.0

    package init(halfLifeMilliseconds: Int64) {
        self.halfLifeMilliseconds = halfLifeMilliseconds
    }

    /// The weight after `elapsed` milliseconds (zero for none).
    package mutating func weight(after elapsed: Int64) -> Double {
        guard elapsed > 0 else { return 0 }
        if elapsed != lastElapsed {
            lastElapsed = elapsed
            lastWeight = 1 - DeterministicMath.exp2(-Double(elapsed) / Double(halfLifeMilliseconds))
        }
        return lastWeight
    }
}
