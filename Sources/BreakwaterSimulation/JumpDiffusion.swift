import BreakwaterCore

/// Geometric Brownian motion with Merton jumps: the benign price path of the simulated market.
public struct JumpDiffusion: Sendable, Hashable {
    public var start: Double
    /// Annualized drift.
    public var drift: Double
    /// Annualized volatility.
    public var volatility: Double
    /// Expected number of jumps per day.
    public var jumpsPerDay: Double
    /// Mean and standard deviation of a jump's log size.
    public var jumpMean: Double
    public var jumpDeviation: Double

    public init(
        start: Double,
        drift: Double = 0,
        volatility: Double = 0.8,
        jumpsPerDay: Double = 2,
        jumpMean: Double = 0,
        jumpDeviation: Double = 0.02
    ) {
        self.start = start
        self.drift = drift
        self.volatility = volatility
        self.jumpsPerDay = jumpsPerDay
        self.jumpMean = jumpMean
        self.jumpDeviation = jumpDeviation
    }

    /// `steps + 1` prices, one every `stepMilliseconds`, starting at ``start``.
    public func path(steps: Int, stepMilliseconds: Int64, using generator: inout SeededGenerator) -> [Double] {
        let dt = Double(stepMilliseconds) / (365 * 86_400_000)
        let jumpRate = jumpsPerDay * Double(stepMilliseconds) / 86_400_000
        var prices = [start]
        prices.reserveCapacity(steps + 1)
        var logPrice = DeterministicMath.log(start)
        for _ in 0..<steps {
            logPrice += (drift - volatility * volatility / 2) * dt + volatility * dt.squareRoot() * generator.normal()
            for _ in 0..<generator.poisson(mean: jumpRate) {
                logPrice += jumpMean + jumpDeviation * generator.normal()
            }
            prices.append(DeterministicMath.exp(logPrice))
        }
        return prices
    }
}
