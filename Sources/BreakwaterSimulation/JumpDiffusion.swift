import BreakwaterCore

/// Geometric Brownian motion with Merton jumps and regime-switching volatility: the benign price path of the
/// simulated market. The regime is a two-state Markov chain, calm and turbulent, that switches on average
/// ``regimeSwitchesPerDay`` times a day; turbulent, the volatility is ``turbulentMultiplier`` times higher.
public struct JumpDiffusion: Sendable, Hashable {
    public var start: Double
    /// Annualized drift.
    public var drift: Double = 0
    /// Annualized volatility.
    public var volatility: Double = 0.8
    /// Expected number of jumps per day.
    public var jumpsPerDay: Double = 2
    /// Mean and standard deviation of a jump's log size.
    public var jumpMean: Double = 0
    public var jumpDeviation: Double = 0.02
    public var regimeSwitchesPerDay: Double = 0
    public var turbulentMultiplier: Double = 2.5

    public init(start: Double) {
        self.start = start
    }

    /// `steps + 1` prices, one every `stepMilliseconds`, starting at ``start`` in the calm regime. The regime draws
    /// from `regimes`, so turning switching on leaves the draws of `generator` as they were.
    public func path(
        steps: Int,
        stepMilliseconds: Int64,
        using generator: inout SeededGenerator,
        regimes: inout SeededGenerator
    ) -> [Double] {
        let dt = Double(stepMilliseconds) / (365 * 86_400_000)
        let jumpRate = jumpsPerDay * Double(stepMilliseconds) / 86_400_000
        let switchChance = regimeSwitchesPerDay * Double(stepMilliseconds) / 86_400_000
        var prices = [start]
        prices.reserveCapacity(steps + 1)
        var logPrice = DeterministicMath.log(start)
        var isTurbulent = false
        for _ in 0..<steps {
            if switchChance > 0, regimes.uniform() < switchChance { isTurbulent.toggle() }
            let sigma = isTurbulent ? volatility * turbulentMultiplier : volatility
            logPrice += (drift - sigma * sigma / 2) * dt + sigma * dt.squareRoot() * generator.normal()
            for _ in 0..<generator.poisson(mean: jumpRate) {
                logPrice += jumpMean + jumpDeviation * generator.normal()
            }
            prices.append(DeterministicMath.exp(logPrice))
        }
        return prices
    }

    /// ``path(steps:stepMilliseconds:using:regimes:)`` without regime switching.
    public func path(steps: Int, stepMilliseconds: Int64, using generator: inout SeededGenerator) -> [Double] {
        var unused = SeededGenerator(seed: 0)
        var calm = self
        calm.regimeSwitchesPerDay = 0
        return calm.path(steps: steps, stepMilliseconds: stepMilliseconds, using: &generator, regimes: &unused)
    }
}
