import BreakwaterCore
import BreakwaterFormats
import Foundation
import PropertyBased
import Testing

@testable import BreakwaterSimulation

/// `experiment sensitivity`: the critical trip latency of the Mango flaw along a stress path, on the engine.
@Suite struct SensitivityExperimentTests {
    static let config = DefaultProtocol.config()

    static func latency(volatility: Double, leverage: Double, maxLoss: Double = 0.1, hours: Int64 = 24) throws -> Int64?
    {
        try TripLatencyRun(
            volatility: volatility,
            leverage: leverage,
            liquidity: 10_000_000,
            collateral: 1_000_000,
            maxLoss: maxLoss,
            horizonMilliseconds: hours * 3_600_000,
            sigmas: 3
        ).criticalLatency(config: config)
    }

    /// The long's free margin grows as `C·x·(λ−1)` for a move `x`, so the attack passes 10 % of a 10M pool once
    /// `x(λ−1) > 3` (its own 2M of deposits back, then 1M): at 20× and σ = 800 %, a 3-sigma path needs
    /// `ln(1 + 3/19) / (3·8) ` years squared, about 20 minutes. The engine's margins, fees and 20-second tranches
    /// land close to it.
    @Test func theLatencyMatchesTheMarginArithmetic() throws {
        let latency = try #require(try Self.latency(volatility: 8, leverage: 20))
        let expected = pow(log(1 + 3.0 / 19) / 24, 2) * 365 * 86_400_000
        #expect(abs(Double(latency) - expected) < 0.15 * expected, "\(latency) ms against \(expected) ms")
    }

    /// More leverage or more volatility never leaves more time to trip; a larger tolerated loss never less.
    @Test func latencyFallsWithLeverageAndVolatility() async {
        await propertyCheck(count: 12, input: Gen.int(in: 0...3), Gen.int(in: 0...3)) { leverageStep, volatilityStep in
            let leverage = [5.0, 10, 25, 50][leverageStep]
            let volatility = [2.0, 4, 8, 16][volatilityStep]
            let base = try Self.latency(volatility: volatility, leverage: leverage, hours: 6) ?? .max
            let moreLeverage = try Self.latency(volatility: volatility, leverage: leverage * 2, hours: 6) ?? .max
            let moreVolatility = try Self.latency(volatility: volatility * 2, leverage: leverage, hours: 6) ?? .max
            let moreTolerance =
                try Self.latency(volatility: volatility, leverage: leverage, maxLoss: 0.3, hours: 6) ?? .max
            #expect(moreLeverage <= base && moreVolatility <= base && moreTolerance >= base)
        }
    }

    /// The model's market: margins at the leverage, unrealized profit counted, no responses.
    @Test func theModelMarketTradesAtTheLeverage() throws {
        let market = try #require(Self.config.marketID(named: "MNGO-PERP"))
        let config = TripLatencyRun.config(Self.config, market: market, leverage: 50)
        let terms = config.markets[Int(market.index)]
        let (initial, maintenance) = (try Wad(parsing: "0.02"), try Wad(parsing: "0.01"))
        #expect(terms.initialMargin == initial && terms.maintenanceMargin == maintenance)
        #expect(terms.unrealizedProfitCounts && config.policy.responses.isEmpty && !config.policy.priceBand.isEnabled)
    }

    /// A model market the config cannot hold is an error, not a pool that looks safe: without MNGO feeds the
    /// positions cannot open.
    @Test func aRefusedSetupIsAnErrorNotASafePool() throws {
        var unpriced = Self.config
        let mngo = try #require(unpriced.assetID(named: "MNGO"))
        unpriced.feeds.removeAll { $0.asset == mngo }
        let run = TripLatencyRun(
            volatility: 1,
            leverage: 5,
            liquidity: 1_000_000,
            collateral: 10_000,
            maxLoss: 0.1,
            horizonMilliseconds: 60_000,
            sigmas: 3
        )
        #expect(throws: SetupRefused.self) { try run.criticalLatency(config: unpriced) }
    }

    @Test func theReportIsATableOfLeverageByVolatility() async throws {
        var experiment = SensitivityExperiment(config: Self.config)
        (experiment.volatilities, experiment.leverages) = ([4, 16], [5, 50])
        (experiment.horizonMilliseconds, experiment.jobs) = (6 * 3_600_000, 2)
        let report = try await experiment.run()
        #expect(report.cells.map { [$0.leverage, $0.volatility] } == [[5, 4], [5, 16], [50, 4], [50, 16]])
        #expect(report.cell(leverage: 5, volatility: 4)?.criticalLatency == nil)
        #expect((report.cell(leverage: 50, volatility: 16)?.criticalLatency ?? .infinity) < 600)
        #expect(report.text().contains("≥6h00m") && report.csv().hasPrefix("leverage,volatility,critical_latency_s\n"))
        #expect(report.html().contains("<svg"))
    }
}
