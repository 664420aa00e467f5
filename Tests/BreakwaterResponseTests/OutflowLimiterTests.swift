import BreakwaterCore
import BreakwaterResponse
import Testing

@Suite struct OutflowLimiterTests {
    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    @Test func allowsUpToTheShareOfLiquidityAndRefillsLinearly() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        #expect(try limiter.available(liquidity: Wad(1_000), at: at(0)) == Wad(200))
        try limiter.recordOutflow(Wad(200))
        // 20 % of the 800 left is 160, all used; it comes back at 160 per refill time.
        #expect(try limiter.available(liquidity: Wad(800), at: at(0)) == .zero)
        #expect(try limiter.available(liquidity: Wad(800), at: at(1_800_000)) == Wad(80))
        #expect(try limiter.available(liquidity: Wad(800), at: at(3_600_000)) == Wad(160))
    }

    @Test func inflowsGoToADecayingBufferNotTheAllowance() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        try limiter.recordInflow(Wad(1_000), at: at(0))
        // The allowance counts only the 1000 that was there before: 200, plus the buffer of 1000.
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(0)) == Wad(1_200))
        // The buffer shrinks linearly: a quarter of the decay time takes a quarter of it, the full time all of it.
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(5_400_000)) == Wad(1_000))
        #expect(try limiter.available(liquidity: Wad(2_000), at: at(21_600_000)) == Wad(400))
    }

    /// Regression: a flash deposit raised the main allowance (computed on liquidity that included it), so
    /// depositing 5× the pool let the whole pool and the deposit leave at once.
    @Test func aFlashDepositCannotTakeMoreThanItselfPlusTheAllowance() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        try limiter.recordInflow(Wad(5_000), at: at(0))
        let available = try #require(try limiter.available(liquidity: Wad(6_000), at: at(0)))
        #expect(available == Wad(5_200))
        try limiter.recordOutflow(Wad(1_000))
        #expect(try limiter.available(liquidity: Wad(5_000), at: at(0)) == Wad(4_200))
    }

    /// Regression: an inflow moved the limiter's clock without refilling, so dust deposits kept the allowance used.
    @Test func inflowsDoNotStopTheAllowanceFromRefilling() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        _ = try limiter.available(liquidity: Wad(1_000), at: at(0))
        try limiter.recordOutflow(Wad(200))
        for minute in 1...60 { try limiter.recordInflow(Wad(raw: 1), at: at(Int64(minute) * 60_000)) }
        _ = try limiter.available(liquidity: Wad(800), at: at(3_600_000))
        // Fully refilled, but for the units each of the 61 refill steps rounds down (against the withdrawer).
        #expect(limiter.used <= Wad(raw: 61))
    }

    @Test func noLimitAppliesToAnEmptyPoolOrBelowTheMinimum() throws {
        var settings = OutflowLimitSettings()
        settings.minimumLiquidity = Wad(500)
        var limiter = OutflowLimiter(settings: settings)
        #expect(try limiter.available(liquidity: Wad(499), at: at(0)) == nil)
        #expect(try limiter.available(liquidity: Wad(500), at: at(0)) == Wad(100))
        var unbounded = OutflowLimiter(settings: OutflowLimitSettings())
        #expect(try unbounded.available(liquidity: .zero, at: at(0)) == nil)
    }

    /// Regression: the limiting state ended at the next look after a refusal that had used nothing.
    @Test func limitingEndsOnlyAfterAQuietRefillTime() throws {
        var limiter = OutflowLimiter(settings: OutflowLimitSettings())
        let first = limiter.markLimiting(at: at(0))
        let second = limiter.markLimiting(at: at(10))
        #expect(first && !second)
        let tooSoon = limiter.clearIfRefilled(at: at(3_599_999))
        let onTime = limiter.clearIfRefilled(at: at(3_600_010))
        let again = limiter.clearIfRefilled(at: at(3_600_011))
        #expect(!tooSoon && onTime && !again)
    }
}
