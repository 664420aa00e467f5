import BreakwaterCore
import BreakwaterResponse
import Testing

@Suite struct OutflowLimiterTests {
    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    @Test func allowsUpToTheShareOfLiquidityAndRefillsLinearly() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        #expect(try limiter.available(liquidity: Wad(1_000), at: at(0)) == Wad(200))
        try limiter.recordOutflow(Wad(200))
        #expect(try limiter.available(liquidity: Wad(800), at: at(0)) == .zero)
        // Each half refill time gives back half of the current allowance (20 % of 800 = 160): 80 of the 200 used.
        #expect(try limiter.available(liquidity: Wad(800), at: at(1_800_000)) == Wad(40))
        #expect(try limiter.available(liquidity: Wad(800), at: at(3_600_000)) == Wad(120))
        #expect(try limiter.available(liquidity: Wad(800), at: at(5_400_000)) == Wad(160))
    }

    @Test func inflowsGoToADecayingBufferNotTheAllowance() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        try limiter.recordInflow(Wad(1_000), at: at(0))
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(0)) == Wad(1_400))
        // The buffer shrinks linearly: a quarter of the decay time takes a quarter of it, the full time all of it.
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(5_400_000)) == Wad(1_150))
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(21_600_000)) == Wad(400))
    }

    @Test func belowTheMinimumLiquidityThereIsNoLimit() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings(minimumLiquidity: Wad(500)))
        #expect(try limiter.available(liquidity: Wad(499), at: at(0)) == nil)
        #expect(try limiter.available(liquidity: Wad(500), at: at(0)) == Wad(100))
    }

    @Test func announcesLimitingOnceUntilRefilled() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        let first = limiter.markLimiting()
        let second = limiter.markLimiting()
        let cleared = limiter.clearIfRefilled()
        let clearedAgain = limiter.clearIfRefilled()
        #expect(first && !second)
        #expect(cleared && !clearedAgain)
    }
}
