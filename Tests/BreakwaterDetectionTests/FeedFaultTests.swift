import BreakwaterCore
import BreakwaterDetection
import Testing

/// `feed_fault`: a feed left out of its asset's price strictly longer than the limit is raised once, by name, and
/// `feed_restored` follows when it counts again.
@Suite struct FeedFaultTests {
    let eth = AssetID(1)
    let oracleTests = OracleGuardTests()

    /// What the guard raised, and when, as the engine drives it: time passes before each update.
    struct Run {
        var oracle: OracleGuard
        var raised: [(at: Int64, signal: Signal)] = []

        mutating func at(_ ms: Int64, _ update: OracleUpdate? = nil) {
            let now = Timestamp(milliseconds: ms)
            for signal in oracle.advance(to: now) { raised.append((ms, signal)) }
            if let update {
                for signal in oracle.apply(update, at: now).signals { raised.append((ms, signal)) }
            }
        }

        func times(of kind: Signal.Kind) -> [Int64] { raised.filter { $0.signal.kind == kind }.map(\.at) }
    }

    func config(after: Int64 = 120_000, enabled: Bool = true) -> ProtocolConfig {
        var config = oracleTests.config()
        config.policy.detectors.feedFault.afterMilliseconds = after
        config.policy.detectors.feedFault.isEnabled = enabled
        return config
    }

    /// Feeds 0 and 1 report 100 every 10 s from 0 to `end`; feed 2 reports what `third` says (`nil`: nothing).
    func run(config: ProtocolConfig? = nil, until end: Int64, third: (Int64) -> Wad?) -> Run {
        var run = Run(oracle: OracleGuard(config: config ?? self.config()))
        for ms in stride(from: 0, through: end, by: 10_000) {
            run.at(ms, oracleTests.update(0, Wad(100)))
            run.at(ms, oracleTests.update(1, Wad(100)))
            if let price = third(ms) { run.at(ms, oracleTests.update(2, price)) }
        }
        return run
    }

    @Test func aDivergentFeedIsRaisedOnceJustPastTheLimitAndRestoredWhenItReturns() throws {
        // 30 % high from 60 s to 1 h: out from 60 s, so exactly 180 s is the limit and the update at 190 s raises it.
        let run = run(until: 4_000_000) { ms in ms >= 60_000 && ms < 3_660_000 ? Wad(130) : Wad(100) }
        #expect(run.times(of: .feedFault) == [190_000])
        #expect(run.times(of: .feedRestored) == [3_660_000])
        let fault = try #require(run.raised.first { $0.signal.kind == .feedFault }?.signal)
        #expect(fault.scope == .feed(FeedID(2), of: eth) && fault.severity == .warning)
        #expect(fault.evidence.contains("feed f2") && fault.evidence.contains("divergent"), "\(fault.evidence)")
        #expect(run.oracle.price(of: eth) == Wad(100), "the median ignored it all along")
    }

    @Test func aFeedOutForExactlyTheLimitIsNotRaised() {
        // Out from 60 s, back at 180 s: left out for exactly 120 s.
        let run = run(until: 600_000) { ms in ms >= 60_000 && ms < 180_000 ? Wad(130) : Wad(100) }
        #expect(run.times(of: .feedFault).isEmpty)
        #expect(run.times(of: .feedRestored).isEmpty)
    }

    @Test func aSilentFeedIsRaisedFromItsHeartbeatWithoutAnUpdateOfItsOwn() {
        // Last heard at 50 s; silent past its heartbeat (30 s) from 80 s; the limit ends at 200 s, and the other
        // feeds' updates at 210 s carry the time that raises it.
        var run = run(until: 400_000) { ms in ms <= 50_000 ? Wad(100) : nil }
        #expect(run.times(of: .feedFault) == [210_000])
        let evidence = run.raised.first { $0.signal.kind == .feedFault }?.signal.evidence ?? ""
        #expect(evidence.contains("silent"), "\(evidence)")
        run.at(410_000, oracleTests.update(2, Wad(100)))
        #expect(run.times(of: .feedRestored) == [410_000])
    }

    @Test func aFaultIsRaisedByTheClockAloneWhenNoUpdateCarriesIt() {
        var run = Run(oracle: OracleGuard(config: config()))
        for feed in 0..<3 { run.at(0, oracleTests.update(feed, Wad(100))) }
        // Nothing for an hour: every feed is silent from 30 s and each is raised by the first instant that passes.
        run.at(150_000)
        #expect(run.times(of: .feedFault).isEmpty)
        run.at(150_001)
        #expect(run.times(of: .feedFault) == [150_001, 150_001, 150_001])
    }

    @Test func aFeedNeverHeardFromIsNotJudgedAndTheDetectorCanBeSwitchedOff() {
        let unheard = run(until: 1_000_000) { _ in nil }
        #expect(unheard.times(of: .feedFault).isEmpty)
        let off = run(config: config(enabled: false), until: 1_000_000) { ms in ms >= 60_000 ? Wad(130) : Wad(100) }
        #expect(off.times(of: .feedFault).isEmpty)
        #expect(off.raised.contains { $0.signal.kind == .oracleDivergent }, "the guard still leaves it out")
    }

    @Test func aFeedThatComesAndGoesIsJudgedOnEachUnbrokenSpell() {
        // Out for 100 s, back for 10 s, out again for 100 s: never 120 s without a break.
        let run = run(until: 600_000) { ms in
            (60_000..<160_000).contains(ms) || (170_000..<270_000).contains(ms) ? Wad(130) : Wad(100)
        }
        #expect(run.times(of: .feedFault).isEmpty)
    }
}
