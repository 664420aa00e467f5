import BreakwaterCore
import BreakwaterDetection
import Testing

/// Every rule of the oracle guard at its boundary: the documented side passes, one unit beyond it does not.
@Suite struct OracleGuardTests {
    let eth = AssetID(1)

    func config(feeds: Int = 3, jumpFactor: Wad = Wad(2), floor: Wad? = nil, ceiling: Wad? = nil) -> ProtocolConfig {
        var config = ProtocolConfig(
            name: "oracle",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH")],
            feeds: (0..<feeds).map { .init(name: "f\($0)", asset: AssetID(1)) },
            pools: [.init(name: "p", quote: AssetID(0), collateral: [.init(asset: AssetID(0))])],
            markets: [],
            oracle: OracleSettings(jumpFactor: jumpFactor)
        )
        for index in config.feeds.indices {
            (config.feeds[index].minAnswer, config.feeds[index].maxAnswer) = (floor, ceiling)
        }
        return config
    }

    func update(_ feed: Int, _ price: Wad, confidence: Wad? = nil, publishedAt: Int64? = nil) -> OracleUpdate {
        OracleUpdate(
            feed: FeedID(feed),
            asset: eth,
            price: price,
            confidence: confidence,
            publishTime: publishedAt.map { Timestamp(milliseconds: $0) }
        )
    }

    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    /// A guard whose three feeds all reported `price` at time 0.
    func primed(_ price: Wad = Wad(100), config: ProtocolConfig? = nil) -> OracleGuard {
        let config = config ?? self.config()
        var oracle = OracleGuard(config: config)
        for feed in config.feeds.indices { _ = oracle.apply(update(feed, price), at: at(0)) }
        return oracle
    }

    @Test func pricesAnAssetAtTheMedianOfItsValidFeeds() {
        var oracle = OracleGuard(config: config())
        #expect(oracle.price(of: eth) == nil)
        #expect(oracle.validity(of: eth) == .noValidFeed)
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        _ = oracle.apply(update(1, Wad(104)), at: at(0))
        #expect(oracle.price(of: eth) == Wad(102))
        _ = oracle.apply(update(2, Wad(101)), at: at(0))
        #expect(oracle.price(of: eth) == Wad(101))
        #expect(oracle.validity(of: eth) == .valid)
        #expect(oracle.price(of: AssetID(0)) == .one)
        #expect(oracle.validity(of: AssetID(0)) == .valid)
    }

    @Test func aFeedIsFreshForMarginUpToExactlyItsLimit() {
        var oracle = OracleGuard(config: config(feeds: 1))
        _ = oracle.apply(update(0, Wad(100), publishedAt: 0), at: at(5_000))
        #expect(oracle.advance(to: at(60_000)).isEmpty)
        #expect(oracle.price(of: eth) == Wad(100))
        let signals = oracle.advance(to: at(60_001))
        #expect(oracle.price(of: eth) == nil)
        #expect(oracle.validity(of: eth) == .noValidFeed)
        #expect(signals.map(\.kind) == [.oracleUnavailable])
        #expect(signals.first?.evidence.contains("f0 stale_for_margin") == true)
    }

    @Test func anAssetIsStaleForTradingOneMillisecondAfterItsHeartbeat() {
        var oracle = OracleGuard(config: config(feeds: 1))
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        _ = oracle.advance(to: at(30_000))
        #expect(oracle.validity(of: eth) == .valid)
        _ = oracle.advance(to: at(30_001))
        #expect(oracle.validity(of: eth) == .staleForTrading)
        #expect(oracle.price(of: eth) == Wad(100), "margin still has the price")
        _ = oracle.apply(update(0, Wad(101)), at: at(30_002))
        #expect(oracle.validity(of: eth) == .valid)
    }

    @Test func aFeedsHeartbeatOverridesTheTradingLimit() {
        var config = config(feeds: 1)
        config.feeds[0].heartbeatMilliseconds = 5_000
        var oracle = OracleGuard(config: config)
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        _ = oracle.advance(to: at(5_000))
        #expect(oracle.validity(of: eth) == .valid)
        _ = oracle.advance(to: at(5_001))
        #expect(oracle.validity(of: eth) == .staleForTrading)
    }

    @Test func exactlyTheJumpFactorTripsAndTheFeedStaysTrippedUntilReset() {
        var oracle = OracleGuard(config: config(feeds: 1))
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        #expect(oracle.apply(update(0, Wad(raw: 200 * Wad.scale - 1)), at: at(1)).rejection == nil)
        _ = oracle.apply(update(0, Wad(100)), at: at(2))
        let jump = oracle.apply(update(0, Wad(200)), at: at(3))
        #expect(jump.rejection?.code == .oracleJump)
        #expect(jump.signals.map(\.kind) == [.oracleJump, .oracleUnavailable])
        #expect(oracle.exclusion(of: FeedID(0)) == .jumpTripped)
        #expect(oracle.price(of: eth) == nil)
        // Back to the old price: still tripped, and no new signal for the same trip.
        let back = oracle.apply(update(0, Wad(100)), at: at(4))
        #expect(back.rejection?.code == .oracleJump)
        #expect(back.signals.isEmpty)
        // Down moves trip the same way on a fresh feed.
        var other = OracleGuard(config: config(feeds: 1))
        _ = other.apply(update(0, Wad(100)), at: at(0))
        #expect(other.apply(update(0, Wad(50)), at: at(1)).rejection?.code == .oracleJump)
        // A reset lets the next update in, judged without the old price.
        _ = oracle.reset(FeedID(0), at: at(5))
        #expect(oracle.apply(update(0, Wad(250)), at: at(6)).rejection == nil)
        #expect(oracle.price(of: eth) == Wad(250))
    }

    @Test func aNonPositivePriceIsRefusedAndLeavesTheFeedOutUntilAGoodOne() {
        var oracle = primed()
        let zero = oracle.apply(update(0, .zero), at: at(1))
        #expect(zero.rejection?.code == .noPrice)
        #expect(zero.signals.map(\.kind) == [.oracleInvalid])
        #expect(oracle.exclusion(of: FeedID(0)) == .nonPositive)
        #expect(oracle.apply(update(0, Wad(-1)), at: at(2)).signals.isEmpty, "one signal per streak")
        #expect(oracle.price(of: eth) == Wad(100), "the other two still price it")
        #expect(oracle.apply(update(0, Wad(100)), at: at(3)).rejection == nil)
        #expect(oracle.exclusion(of: FeedID(0)) == nil)
    }

    @Test func aConfidenceOfExactlyTheLimitPasses() {
        var oracle = primed()
        // The default limit is 2 % of the price: ±2 on 100.
        #expect(oracle.apply(update(0, Wad(100), confidence: Wad(2)), at: at(1)).rejection == nil)
        let wide = oracle.apply(update(0, Wad(100), confidence: Wad(raw: 2 * Wad.scale + 1)), at: at(2))
        #expect(wide.rejection?.code == .oracleUncertain)
        #expect(wide.signals.map(\.kind) == [.oracleUncertain])
        #expect(oracle.exclusion(of: FeedID(0)) == .tooUncertain)
    }

    @Test func aPriceAtItsFloorOrCeilingIsRefused() {
        var oracle = primed(config: config(floor: Wad(90), ceiling: Wad(110)))
        #expect(oracle.apply(update(0, plusWei(Wad(90))), at: at(1)).rejection == nil)
        let floor = oracle.apply(update(1, Wad(90)), at: at(2))
        #expect(floor.rejection?.code == .oracleAtBound)
        #expect(floor.signals.map(\.kind) == [.oracleAtBound])
        #expect(oracle.apply(update(2, minusWei(Wad(110))), at: at(3)).rejection == nil)
        #expect(oracle.apply(update(2, Wad(110)), at: at(4)).rejection?.code == .oracleAtBound)
        #expect(
            oracle.price(of: eth) == plusWei(Wad(90)),
            "feed 1 is at its floor and feed 2 at its ceiling: feed 0 is left"
        )
    }

    @Test func aFeedExactlyTheDivergenceLimitAwayStaysIn() {
        var oracle = primed(config: config(jumpFactor: Wad(10_000)))
        // Median of (100, 100, 110) is 100; 110 is exactly 10 % away.
        #expect(oracle.apply(update(2, Wad(110)), at: at(1)).signals.isEmpty)
        #expect(!oracle.isDivergent(FeedID(2)))
        let beyond = oracle.apply(update(2, plusWei(Wad(110))), at: at(2))
        #expect(beyond.rejection == nil, "the update is taken; the feed is left out while it diverges")
        #expect(beyond.signals.map(\.kind) == [.oracleDivergent])
        #expect(oracle.isDivergent(FeedID(2)))
        #expect(oracle.price(of: eth) == Wad(100))
        // Back in line it counts again; a 1000x error on another feed is outvoted by the two good ones.
        _ = oracle.apply(update(2, Wad(100)), at: at(3))
        #expect(!oracle.isDivergent(FeedID(2)))
        _ = oracle.apply(update(1, Wad(100_000)), at: at(4))
        #expect(oracle.isDivergent(FeedID(1)))
        #expect(oracle.price(of: eth) == Wad(100))
        #expect(oracle.validity(of: eth) == .valid)
    }

    @Test func withTwoFeedsThatDisagreeNeitherIsTrusted() {
        var oracle = OracleGuard(config: config(feeds: 2, jumpFactor: Wad(10_000)))
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        _ = oracle.apply(update(1, Wad(100)), at: at(0))
        let error = oracle.apply(update(1, Wad(100_000)), at: at(1))
        #expect(oracle.price(of: eth) == nil)
        #expect(oracle.validity(of: eth) == .noValidFeed)
        #expect(error.signals.map(\.kind) == [.oracleDivergent, .oracleDivergent, .oracleUnavailable])
        #expect(error.signals.first?.evidence.contains("neither can be outvoted") == true)
        _ = oracle.apply(update(1, Wad(101)), at: at(2))
        #expect(oracle.price(of: eth) == Wad(raw: 100_500_000_000_000_000_000))
    }

    @Test func exactlyTheTWAPRatioPassesAndOneWeiMoreIsTooVolatile() {
        var oracle = OracleGuard(config: config(feeds: 1, jumpFactor: Wad(100)))
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        // No time passes, so the reference stays at 100.
        #expect(oracle.apply(update(0, Wad(500)), at: at(0)).signals.isEmpty)
        #expect(oracle.validity(of: eth) == .valid)
        let volatile = oracle.apply(update(0, plusWei(Wad(500))), at: at(0))
        #expect(volatile.signals.map(\.kind) == [.oracleTooVolatile])
        #expect(volatile.signals.first?.severity == .critical)
        #expect(oracle.validity(of: eth) == .tooVolatile)
        #expect(
            oracle.price(of: eth) == plusWei(Wad(500)),
            "the median is kept; the validity says margin may not use it"
        )
    }

    @Test func theReferenceMovesAtMostTheStepPerUpdate() {
        var oracle = OracleGuard(config: config(feeds: 1, jumpFactor: Wad(100)))
        _ = oracle.apply(update(0, Wad(100)), at: at(0))
        // One half-life later a 10x print moves the reference by half of the clamped step: 100 + 10 / 2.
        _ = oracle.apply(update(0, Wad(1_000)), at: at(3_600_000))
        let twap = oracle.twap(of: eth)!
        #expect(twap > Wad(104) && twap <= Wad(105))
    }
}

/// `value` plus one unit of the last decimal.
func plusWei(_ value: Wad) -> Wad { Wad(raw: value.raw + 1) }

/// `value` minus one unit of the last decimal.
func minusWei(_ value: Wad) -> Wad { Wad(raw: value.raw - 1) }
