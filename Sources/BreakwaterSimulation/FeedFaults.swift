import BreakwaterCore

/// What goes wrong with real feeds, drawn per feed from a seed of its own: outages (the feed stops reporting for a
/// few minutes, so it goes stale) and occasional bad prints (one update off by 5 to 50 %).
public struct FeedFaults: Sendable, Hashable {
    /// Outages per feed per day, on average, and how long one lasts (uniform between the bounds).
    public var outagesPerDay: Double
    public var outageMilliseconds: ClosedRange<Int64>
    /// Bad prints per feed per day, on average.
    public var badPrintsPerDay: Double

    public init(
        outagesPerDay: Double = 0.5,
        outageMilliseconds: ClosedRange<Int64> = 120_000...600_000,
        badPrintsPerDay: Double = 0.25
    ) {
        self.outagesPerDay = outagesPerDay
        self.outageMilliseconds = outageMilliseconds
        self.badPrintsPerDay = badPrintsPerDay
    }

    /// No faults: every feed reports every step, every print honest.
    public static let none = FeedFaults(outagesPerDay: 0, badPrintsPerDay: 0)

    /// One feed's faults over a run of `steps` steps.
    struct Schedule {
        /// Per step: the factor the print is off by (1 when honest), or `nil` when the feed is silent.
        let factors: [Double?]
    }

    func schedule(steps: Int, stepMilliseconds: Int64, using generator: inout SeededGenerator) -> Schedule {
        var factors = [Double?](repeating: 1, count: steps + 1)
        let perStep = Double(stepMilliseconds) / 86_400_000
        var step = 0
        while step <= steps {
            if generator.uniform() < outagesPerDay * perStep {
                let span =
                    outageMilliseconds.lowerBound
                    + Int64(generator.uniform() * Double(outageMilliseconds.upperBound - outageMilliseconds.lowerBound))
                let end = Swift.min(steps + 1, step + Swift.max(1, Int(span / stepMilliseconds)))
                for silent in step..<end { factors[silent] = nil }
                step = end
                continue
            }
            if generator.uniform() < badPrintsPerDay * perStep {
                let size = 0.05 + 0.45 * generator.uniform()
                factors[step] = generator.uniform() < 0.5 ? 1 - size : 1 + size
            }
            step += 1
        }
        return Schedule(factors: factors)
    }
}
