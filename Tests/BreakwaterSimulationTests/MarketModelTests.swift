import BreakwaterCore
import BreakwaterFormats
@testable import BreakwaterSimulation
import Testing

/// The market model's realism: regime-switching volatility and feed faults, each seeded and each its own draw.
@Suite struct MarketModelTests {
    /// A turbulent regime moves the price more: over a long path that switches often, the realized volatility lies
    /// between the calm one and the turbulent one; with no switching it is the calm one.
    @Test func regimesRaiseRealizedVolatilityBetweenTheirBounds() {
        func realized(_ switches: Double) -> Double {
            var generator = SeededGenerator(seed: 3)
            var regimes = SeededGenerator(seed: 4)
            let path = JumpDiffusion(start: 100, volatility: 0.5, jumpsPerDay: 0, regimeSwitchesPerDay: switches, turbulentMultiplier: 3)
                .path(steps: 200_000, stepMilliseconds: 60_000, using: &generator, regimes: &regimes)
            let returns = zip(path.dropFirst(), path).map { DeterministicMath.log($0 / $1) }
            let variance = returns.reduce(0) { $0 + $1 * $1 } / Double(returns.count)
            return (variance * 365 * 1_440).squareRoot()
        }
        let calm = realized(0)
        let switching = realized(4)
        #expect(abs(calm - 0.5) < 0.01)
        #expect(switching > 0.8 && switching < 1.5, "\(switching)")
    }

    /// Outages silence a feed for minutes at a time and bad prints are off by 5 to 50 %; no faults, no change.
    @Test func feedFaultsSilenceAndMisprint() {
        var generator = SeededGenerator(seed: 8)
        let faults = FeedFaults(outagesPerDay: 4, badPrintsPerDay: 20).schedule(steps: 60_480, stepMilliseconds: 10_000, using: &generator)
        let silent = faults.factors.count { $0 == nil }
        let misprinted = faults.factors.compactMap { $0 }.filter { $0 != 1 }
        #expect(silent > 7 * 4 * 12 / 2 && silent < 7 * 4 * 60 * 2, "\(silent) silent steps")
        #expect(misprinted.count > 70 && misprinted.allSatisfy { abs($0 - 1) >= 0.05 && abs($0 - 1) <= 0.5 })
        var other = SeededGenerator(seed: 8)
        #expect(FeedFaults.none.schedule(steps: 100, stepMilliseconds: 10_000, using: &other).factors.allSatisfy { $0 == 1 })
    }

    /// Turning faults and regimes off changes only what they touch: the traders' events stay the same.
    @Test func faultsAndRegimesDrawFromTheirOwnGenerators() {
        var faulty = MangoScenario(seed: 6)
        faulty.durationMilliseconds = 24 * 3_600_000
        faulty.feedFaults = FeedFaults(outagesPerDay: 20, badPrintsPerDay: 20)
        var perfect = faulty
        perfect.feedFaults = .none
        let config = DefaultProtocol.config()
        let trades = { (scenario: MangoScenario) in scenario.schedule(for: config).events().filter { $0.kind == .trade } }
        let oracles = { (scenario: MangoScenario) in scenario.schedule(for: config).events().filter { $0.kind == .oracle }.count }
        #expect(trades(faulty) == trades(perfect))
        #expect(oracles(faulty) < oracles(perfect))
    }
}
