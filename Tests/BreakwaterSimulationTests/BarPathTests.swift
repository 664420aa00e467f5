import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import Foundation
import PropertyBased
import Testing

@testable import BreakwaterSimulation

/// Historical bars at the feeds' cadence: the bridge through each bar's open, high, low and close, and a crash
/// replayed through the default policy.
@Suite struct BarPathTests {
    /// `../shared/data/series` beside the repository (the workspace's, and CI's), found from this file upward.
    static let series: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/data/series")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "../shared/data/series")
    }()

    static func bars(_ name: String) throws -> BarPath {
        try BarPath(csv: String(contentsOf: series.appendingPathComponent(name), encoding: .utf8))
    }

    /// Whatever the bar, the bridge opens at its open, touches its high and its low, stays between them and
    /// closes at its close.
    @Test func theBridgeTouchesEveryBarsOpenHighLowAndClose() async {
        await propertyCheck(
            count: 200,
            input: Gen.double(in: 1...1_000),
            Gen.double(in: 0...0.3),
            Gen.double(in: 0...1),
            Gen.double(in: 0...1),
            Gen.uint64()
        ) {
            base,
            spread,
            openAt,
            closeAt,
            seed in
            let low = base
            let high = base * (1 + spread)
            let bar = BarPath.Bar(
                openTime: 0,
                open: low + (high - low) * openAt,
                high: high,
                low: low,
                close: low + (high - low) * closeAt
            )
            var generator = SeededGenerator(seed: seed)
            let prices = BarPath.bridge(through: bar, steps: 360, using: &generator)
            #expect(prices.count == 360)
            #expect(prices.first == bar.open && prices.last == bar.close)
            #expect(prices.max() == bar.high && prices.min() == bar.low)
        }
    }

    /// A series of single prices, its time in seconds and its columns named: the path meets every price at its time.
    @Test func aPriceSeriesWithChosenColumnsIsMetAtEveryPoint() throws {
        let csv = "label,unix_ts,tvl\na,1600000000,100\nb,1600003600,120\nc,1600007200,90\n"
        let path = try BarPath(prices: csv, time: "unix_ts", timeScale: 1_000, price: "tvl")
        #expect(
            path.bars.map(\.openTime) == [1_600_000_000_000, 1_600_003_600_000] && path.barMilliseconds == 3_600_000
        )
        var generator = SeededGenerator(seed: 1)
        let prices = path.path(from: 1_600_000_000_000, steps: 720, stepMilliseconds: 10_000, using: &generator)
        #expect(prices[0] == 100 && prices[360] == 120 && prices[720] == 90)
        #expect(prices[..<360].allSatisfy { $0 >= 100 && $0 <= 120 })
        #expect(throws: BarPath.FileError.self) { try BarPath(prices: "t,p\n1,5\n2,0\n", time: "t", price: "p") }
        #expect(throws: BarPath.FileError.self) { try BarPath(prices: "t,p\n2,5\n1,6\n", time: "t", price: "p") }
        #expect(throws: BarPath.FileError.self) {
            try BarPath(prices: "t,p\n1e30,5\n2e30,6\n", time: "t", timeScale: 1_000, price: "p")
        }
    }

    @Test func aBadFileIsNamedByLineAndColumn() {
        #expect(throws: BarPath.FileError.self) { try BarPath(csv: "time,price\n1,2") }
        let error = #expect(throws: BarPath.FileError.self) {
            try BarPath(csv: "open_time_ms,open,high,low,close\n0,1,2,1,1\n3600000,1,x,1,1")
        }
        #expect(error?.description == "line 3: column high is not a number")
    }

    /// A scenario of the library on its real series, replayed through the default policy.
    static func replay(_ attack: MangoScenario.Attack) throws -> (scenario: MangoScenario, report: ReplayReport) {
        let series = try #require(attack.historicalSeries)
        var scenario = MangoScenario(seed: 1)
        scenario.attack = attack
        scenario.start = Timestamp(milliseconds: try #require(EventTimeText.milliseconds(series.from)))
        scenario.durationMilliseconds = Int64(series.hours) * 3_600_000
        for (asset, file) in series.files { scenario.historicalPrices[asset] = try Self.bars(file) }
        let config = DefaultProtocol.config()
        let schedule = scenario.schedule(for: config)
        var replay = Replay(config: config, configYAML: DefaultProtocol.yaml)
        let encoder = EventEncoder(config: config)
        for (index, event) in schedule.events().enumerated() {
            replay.feed(line: Array(encoder.line(for: event, accounts: schedule.accounts).utf8), number: index + 1)
        }
        return (scenario, replay.report())
    }

    /// 12 March 2020 (Black Thursday): from midnight to the low of the next night ETH fell from 195 to 86 and BTC
    /// from 7,935 to 3,782, under levered longs and a liquidator. Benign stress must not be mistaken for an exploit:
    /// the default policy pauses no pool and not the protocol, and no incident is classified as an attack; the
    /// crash's band breaches read as market stress, ETH and BTC moving together.
    @Test func blackThursdayIsMarketStressAndPausesNothing() throws {
        let (_, report) = try Self.replay(.blackThursday)
        #expect(!report.actions.contains { $0.action == "pause" }, "\(report.actions.map { $0.reason })")
        #expect(report.invariants.violations.isEmpty)
        let attacks = report.incidents.filter { Incident.Vector(rawValue: $0.kind).isAttack }
        #expect(attacks.isEmpty, "\(attacks.map { $0.classification?.summary ?? $0.kind })")
        let stress = report.incidents.filter { $0.kind == "market_stress" }
        #expect(
            !stress.isEmpty
                && stress.allSatisfy { $0.severity == "info" && $0.classification?.reads == "market_stress" }
        )
        #expect(stress.contains { !($0.classification?.assetsMoved.isEmpty ?? true) }, "ETH and BTC moved together")
    }

    /// LUNA's collapse (May 2022: 17 to 0.02 in a day and a half) on ETH: a lone asset, but one in turmoil for days.
    /// No band breach of it reads as manipulation, nothing pauses or halts (the bands settle at each new level), and
    /// at least 95 % of the liquidations due at the guarded price go through: under stress there is no grace
    /// period, and liquidations are judged at the guarded price even when it is too volatile or the band clamps it.
    @Test func lunasCollapseIsStressAndItsLiquidationsGoThrough() throws {
        let (_, report) = try Self.replay(.lunaCrash)
        let classified = report.incidents.compactMap(\.classification)
        #expect(!classified.isEmpty && classified.allSatisfy { $0.reads == "market_stress" && $0.assetsMoved.isEmpty })
        let attacks = report.incidents.filter { Incident.Vector(rawValue: $0.kind).isAttack }
        #expect(attacks.isEmpty, "\(attacks.map(\.kind))")
        #expect(
            !report.actions.contains { $0.action == "pause" || $0.action == "halt" },
            "\(report.actions.map(\.reason))"
        )
        let main = try #require(report.liquidations["main"])
        let due = main.executed + main.liquidationsRefused
        #expect(due > 12 && Double(main.executed) >= 0.95 * Double(due), "\(main)")
    }

    /// Compound's DAI on Coinbase, 26 November 2020, on that week's ETH: one of ETH's three feeds prints 30 % high for
    /// an hour. The median ignores it; its owner hears of it once, as a `feed_fault` incident naming it, within the
    /// limit and a minute, resolved when it returns; nothing is an attack and nothing pauses.
    @Test func aFeedWrongForAnHourIsOneFeedFaultAndNothingElse() throws {
        let (scenario, report) = try Self.replay(.daiFeedFault)
        let config = DefaultProtocol.config()
        let faultStart = scenario.start.advanced(by: scenario.attackOffset).milliseconds
        let faults = report.incidents.filter { $0.kind == "feed_fault" && $0.scope.feed == "dex-twap-eth" }
        let fault = try #require(faults.first)
        #expect(faults.count == 1)
        let limit = config.policy.detectors.feedFault.afterMilliseconds
        #expect(fault.detectedAt - faultStart > limit && fault.detectedAt - faultStart <= limit + 60_000)
        #expect(fault.severity == "warning")
        let resolvedAfter = try #require(fault.resolvedAt) - faultStart
        #expect(resolvedAfter >= 3_600_000 && resolvedAfter <= 3_600_000 + 60_000, "resolved when the feed returns")
        let attacks = report.incidents.filter { Incident.Vector(rawValue: $0.kind).isAttack }
        #expect(attacks.isEmpty, "\(attacks.map(\.kind))")
        #expect(!report.actions.contains { $0.action == "pause" }, "\(report.actions.map { $0.reason })")
    }
}
