import BreakwaterCore
import BreakwaterResponse
import Testing

@Suite struct PriceBandTests {
    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    @Test func aPriceExactlyOnTheEdgeIsInside() {
        var band = PriceBand(settings: PriceBandSettings())
        #expect(band.observe(Wad(100), at: at(0)) == nil)
        #expect(band.observe(Wad(115), at: at(0)) == nil)
        #expect(band.state == .normal)
        var outside = PriceBand(settings: PriceBandSettings())
        _ = outside.observe(Wad(100), at: at(0))
        let transition = outside.observe(Wad(raw: 115 * Wad.scale + 1), at: at(0))
        #expect(transition?.action == .limitState)
        #expect(outside.isReduceOnly)
    }

    @Test func haltsAfterExactlyTheLimitTime() {
        var band = PriceBand(settings: PriceBandSettings())
        _ = band.observe(Wad(100), at: at(0))
        _ = band.observe(Wad(130), at: at(1_000))
        #expect(band.advance(to: at(15_999)) == nil)
        #expect(band.advance(to: at(16_000))?.action == .halt)
        #expect(band.isHalted)
        // Margin uses the price clamped to the band around the frozen reference.
        #expect(band.marginPrice(for: Wad(130)) == Wad(115))
        #expect(band.marginPrice(for: Wad(50)) == Wad(85))
    }

    /// Under market stress a band settles at the new level: normal again, the price its reference, and a halt it
    /// ends starts the grace period only if it was a halt.
    @Test func aBandSettlesAtTheLevelTheMarketConfirms() {
        var band = PriceBand(settings: PriceBandSettings())
        _ = band.observe(Wad(100), at: at(0))
        _ = band.observe(Wad(70), at: at(1_000))
        let settled = band.settle(at: Wad(70), because: "market stress")
        #expect(settled.action == .resume && !settled.endsHalt && settled.reason.contains("market stress"))
        #expect(band.isNormal && band.reference == Wad(70))
        #expect(band.observe(Wad(65), at: at(2_000)) == nil, "inside the band around the new level")
        _ = band.observe(Wad(40), at: at(3_000))
        _ = band.advance(to: at(18_000))
        #expect(band.isHalted)
        #expect(band.settle(at: Wad(40), because: "market stress").endsHalt)
    }

    @Test func returningInsideTheBandEndsTheLimitState() {
        var band = PriceBand(settings: PriceBandSettings())
        _ = band.observe(Wad(100), at: at(0))
        _ = band.observe(Wad(130), at: at(1_000))
        #expect(band.observe(Wad(101), at: at(2_000))?.action == .resume)
        #expect(band.state == .normal)
    }

    @Test func aHaltLastsAtLeastTheHaltTime() {
        var band = PriceBand(settings: PriceBandSettings())
        _ = band.observe(Wad(100), at: at(0))
        _ = band.observe(Wad(130), at: at(0))
        _ = band.advance(to: at(15_000))
        #expect(band.isHalted)
        #expect(band.observe(Wad(100), at: at(314_999)) == nil)
        #expect(band.observe(Wad(100), at: at(315_000))?.action == .resume)
    }

    @Test func aPriceThatSettlesAtANewLevelReanchorsAfterAFullHaltTime() throws {
        var band = PriceBand(settings: PriceBandSettings())
        _ = band.observe(Wad(100), at: at(0))
        _ = band.observe(Wad(200), at: at(0))
        _ = band.advance(to: at(15_000))
        var resumedAt: Int64?
        for second in stride(from: Int64(16), through: 1_200, by: 10) where resumedAt == nil {
            if band.observe(Wad(200), at: at(second * 1_000))?.action == .resume { resumedAt = second * 1_000 }
        }
        let resumed = try #require(resumedAt)
        #expect(resumed >= 15_000 + 300_000)
        #expect(band.reference == Wad(200))
    }

    @Test func aDisabledBandNeverActs() {
        var settings = PriceBandSettings()
        settings.isEnabled = false
        var band = PriceBand(settings: settings)
        _ = band.observe(Wad(100), at: at(0))
        #expect(band.observe(Wad(1_000), at: at(1)) == nil)
        #expect(band.marginPrice(for: Wad(1_000)) == Wad(1_000))
    }
}
