import BreakwaterCore
import BreakwaterFormats
import Testing

@testable import BreakwaterSimulation

/// The market model's realism: regime-switching volatility and feed faults, each seeded and each its own draw.
@Suite struct MarketModelTests {
    /// A turbulent regime moves the price more: over a long path that switches often, the realized volatility lies
    /// between the calm one and the turbulent one; with no switching it is the calm one.
    @Test func regimesRaiseRealizedVolatilityBetweenTheirBounds() {
        func realized(_ switches: Double) -> Double {
            var generator = SeededGenerator(seed: 3)
            var regimes = SeededGenerator(seed: 4)
            var diffusion = JumpDiffusion(start: 100)
            (diffusion.volatility, diffusion.jumpsPerDay) = (0.5, 0)
            (diffusion.regimeSwitchesPerDay, diffusion.turbulentMultiplier) = (switches, 3)
            let path = diffusion.path(steps: 200_000, stepMilliseconds: 60_000, using: &generator, regimes: &regimes)
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
        let faults = FeedFaults(outagesPerDay: 4, badPrintsPerDay: 20).schedule(
            steps: 60_480,
            stepMilliseconds: 10_000,
            using: &generator
        )
        let silent = faults.factors.count { $0 == nil }
        let misprinted = faults.factors.compactMap { $0 }.filter { $0 != 1 }
        #expect(silent > 7 * 4 * 12 / 2 && silent < 7 * 4 * 60 * 2, "\(silent) silent steps")
        #expect(misprinted.count > 70 && misprinted.allSatisfy { abs($0 - 1) >= 0.05 && abs($0 - 1) <= 0.5 })
        var other = SeededGenerator(seed: 8)
        #expect(
            FeedFaults.none.schedule(steps: 100, stepMilliseconds: 10_000, using: &other).factors.allSatisfy { $0 == 1 }
        )
    }

    /// Turning faults and regimes off changes only what they touch: the traders' events stay the same.
    @Test func faultsAndRegimesDrawFromTheirOwnGenerators() {
        var faulty = MangoScenario(seed: 6)
        faulty.durationMilliseconds = 24 * 3_600_000
        faulty.feedFaults = FeedFaults(outagesPerDay: 20, badPrintsPerDay: 20)
        var perfect = faulty
        perfect.feedFaults = .none
        let config = DefaultProtocol.config()
        let trades = { (scenario: MangoScenario) in scenario.schedule(for: config).events().filter { $0.kind == .trade }
        }
        let oracles = { (scenario: MangoScenario) in
            scenario.schedule(for: config).events().filter { $0.kind == .oracle }.count
        }
        #expect(trades(faulty) == trades(perfect))
        #expect(oracles(faulty) < oracles(perfect))
    }

    /// Momentum buys a rise, mean reversion sells a price above its average.
    @Test func stylesReadTheirSignalsTheirOwnWay() {
        let rising = (0...200).map { 100 * (1 + Double($0) / 1_000) }
        #expect(MangoScenario.signal(.momentum, path: rising, at: 200, lookback: 180) > 0)
        #expect(MangoScenario.signal(.reversion, path: rising, at: 200, lookback: 180) < 0)
        #expect(MangoScenario.signal(.momentum, path: rising, at: 100, lookback: 180) == 0)
    }

    /// The agents trade, write and buy options, and the keeper sweeps after a crash, late; without them the noise
    /// traders' events are the same.
    @Test func theAgentsActAndLeaveTheNoiseTradersAlone() {
        let config = DefaultProtocol.config()
        var scenario = MangoScenario(seed: 4)
        scenario.attack = .crash
        let events = scenario.schedule(for: config).events()
        let schedule = scenario.schedule(for: config)
        func name(_ id: AccountID) -> String { schedule.accounts.name(of: id) }
        let styled = events.compactMap { event -> String? in
            if case .trade(let trade) = event.payload { return name(trade.account) } else { return nil }
        }
        #expect(styled.contains { $0.hasPrefix("momentum-") } && styled.contains { $0.hasPrefix("reversion-") })
        #expect(
            events.contains { $0.kind == .optionWrite } && events.contains { $0.kind == .optionBuy }
                && events.contains { $0.kind == .optionSettle }
        )
        let sweeps = events.filter { event in
            if case .liquidate(let liquidation) = event.payload {
                return liquidation.liquidator.map(name) == "keeper"
            } else {
                return false
            }
        }
        let crashStart = scenario.start.advanced(by: scenario.attackOffset)
        #expect(!sweeps.isEmpty && sweeps.allSatisfy { $0.timestamp.milliseconds(since: crashStart) >= 30_000 })

        var alone = scenario
        alone.includesAgents = false
        let noise = { (events: [Event], accounts: AccountDirectory) in
            events.filter { event in
                if case .trade(let trade) = event.payload {
                    return accounts.name(of: trade.account).hasPrefix("trader-")
                } else {
                    return false
                }
            }
        }
        let without = alone.schedule(for: config)
        #expect(
            noise(events, schedule.accounts).map(\.timestamp)
                == noise(without.events(), without.accounts).map(\.timestamp)
        )
    }
}
