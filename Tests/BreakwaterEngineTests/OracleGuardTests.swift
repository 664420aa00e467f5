import BreakwaterCore
import BreakwaterDetection
import Testing

@Suite struct OracleGuardTests {
    let eth = AssetID(1)

    func config() -> ProtocolConfig {
        ProtocolConfig(
            name: "oracle",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH")],
            feeds: [.init(name: "a", asset: AssetID(1)), .init(name: "b", asset: AssetID(1)), .init(name: "c", asset: AssetID(1))],
            pools: [.init(name: "p", quote: AssetID(0), collateral: [.init(asset: AssetID(0))])],
            markets: []
        )
    }

    func update(_ feed: Int, _ price: Int64, publishedAt: Int64? = nil) -> OracleUpdate {
        OracleUpdate(feed: FeedID(feed), asset: eth, price: Wad(price), publishTime: publishedAt.map { Timestamp(milliseconds: $0) })
    }

    @Test func pricesAnAssetAtTheMedianOfItsFeeds() {
        var guard_ = OracleGuard(config: config())
        let now = Timestamp(milliseconds: 0)
        #expect(guard_.price(of: eth, at: now) == nil)
        _ = guard_.apply(update(0, 100), at: now, feedName: "a")
        _ = guard_.apply(update(1, 130), at: now, feedName: "b")
        #expect(guard_.price(of: eth, at: now) == Wad(115))
        _ = guard_.apply(update(2, 101), at: now, feedName: "c")
        #expect(guard_.price(of: eth, at: now) == Wad(101))
        #expect(guard_.price(of: AssetID(0), at: now) == .one)
    }

    @Test func aFeedIsFreshUpToExactlyTheStalenessLimit() {
        var guard_ = OracleGuard(config: config())
        _ = guard_.apply(update(0, 100, publishedAt: 0), at: Timestamp(milliseconds: 5_000), feedName: "a")
        #expect(guard_.price(of: eth, at: Timestamp(milliseconds: 60_000)) == Wad(100))
        #expect(guard_.price(of: eth, at: Timestamp(milliseconds: 60_001)) == nil)
    }

    @Test func exactlyTheJumpFactorTrips() {
        var guard_ = OracleGuard(config: config())
        let now = Timestamp(milliseconds: 0)
        _ = guard_.apply(update(0, 100), at: now, feedName: "a")
        let justBelow = OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(raw: 2 * 100 * Wad.scale - 1))
        #expect(guard_.apply(justBelow, at: now, feedName: "a") == .accepted)
        _ = guard_.apply(update(0, 100), at: now, feedName: "a")
        guard case .refused(let rejection, let signal) = guard_.apply(update(0, 200), at: now, feedName: "a") else {
            Issue.record("a 2x move must trip")
            return
        }
        #expect(rejection.code == .oracleJump)
        #expect(signal.kind == .oracleJump)
        // Down moves trip the same way, and the last accepted price stays.
        guard case .refused = guard_.apply(update(0, 50), at: now, feedName: "a") else {
            Issue.record("a 0.5x move must trip")
            return
        }
        #expect(guard_.price(of: eth, at: now) == Wad(100))
    }

    @Test func nonPositivePricesAreRefused() {
        var guard_ = OracleGuard(config: config())
        let verdict = guard_.apply(update(0, 0), at: Timestamp(milliseconds: 0), feedName: "a")
        guard case .refused(_, let signal) = verdict else {
            Issue.record("zero must be refused")
            return
        }
        #expect(signal.kind == .oracleInvalid)
    }
}
