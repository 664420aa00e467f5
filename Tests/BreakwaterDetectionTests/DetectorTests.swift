import BreakwaterCore
import Testing

@testable import BreakwaterDetection

/// Each detector at its documented boundary: exactly the threshold does not signal, just beyond it does.
@Suite struct DetectorTests {
    let market = MarketID(0)
    let pool = PoolID(0)
    let alice = AccountID(1)
    let bob = AccountID(2)

    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    @Test func volumeScoresStrictlyAboveItsLevelsAfterWarmup() {
        var settings = VolumeAnomalySettings()
        settings.bucketMilliseconds = 1_000
        settings.warmupBuckets = 3
        settings.minimumNotional = Wad(10)
        var detector = VolumeAnomalyDetector(settings: settings, marketCount: 1)
        // Flat at 100 a bucket: mean 100, σ 0, so the spread is max(0, 100 / 10, 10) = 10.
        for bucket in 0..<5 {
            #expect(
                detector.observe(
                    notional: 100,
                    market: market,
                    pool: pool,
                    account: alice,
                    at: at(Int64(bucket) * 1_000)
                ) == nil
            )
        }
        // Bucket 5: 100 + 8 × 10 = 180 scores exactly 8.
        #expect(detector.observe(notional: 180, market: market, pool: pool, account: alice, at: at(5_000)) == nil)
        let warning = detector.observe(notional: 0.25, market: market, pool: pool, account: alice, at: at(5_001))
        #expect(warning?.severity == .warning)
        #expect(warning?.kind == .volumeAnomaly)
        #expect(warning?.scope == .market(market, in: pool))
        #expect(
            detector.observe(notional: 1, market: market, pool: pool, account: alice, at: at(5_002)) == nil,
            "once per level"
        )
        // 100 + 20 × 10 = 300 is exactly critical's level; above it, critical.
        #expect(detector.observe(notional: 118.75, market: market, pool: pool, account: alice, at: at(5_003)) == nil)
        #expect(
            detector.observe(notional: 0.25, market: market, pool: pool, account: alice, at: at(5_004))?.severity
                == .critical
        )
    }

    @Test func volumeDoesNotScoreBeforeWarmupOrBelowTheMinimum() {
        var settings = VolumeAnomalySettings()
        settings.bucketMilliseconds = 1_000
        settings.warmupBuckets = 3
        var detector = VolumeAnomalyDetector(settings: settings, marketCount: 1)
        _ = detector.observe(notional: 1, market: market, pool: pool, account: alice, at: at(0))
        #expect(
            detector.observe(notional: 1e9, market: market, pool: pool, account: alice, at: at(2_000)) == nil,
            "two buckets seen"
        )
        var thin = VolumeAnomalyDetector(settings: settings, marketCount: 1)
        for bucket in 0..<5 {
            _ = thin.observe(notional: 1, market: market, pool: pool, account: alice, at: at(Int64(bucket) * 1_000))
        }
        #expect(
            thin.observe(notional: 99_999, market: market, pool: pool, account: alice, at: at(9_000)) == nil,
            "below 100,000"
        )
    }

    @Test func depletionMeasuresNetOutflowAgainstWhatThePoolHeldBefore() {
        var detector = LiquidityDepletionDetector(settings: LiquidityDepletionSettings(), poolCount: 1)
        // 15,000 of 100,000 leaves: exactly the 15 % warning share.
        #expect(detector.observeOutflow(15_000, pool: pool, poolValue: 85_000, account: alice, at: at(0)) == nil)
        let warning = detector.observeOutflow(0.5, pool: pool, poolValue: 84_999.5, account: alice, at: at(1))
        #expect(warning?.severity == .warning)
        #expect(warning?.kind == .liquidityDepletion)
        #expect(
            detector.observeOutflow(15_000, pool: pool, poolValue: 69_999.5, account: alice, at: at(2))?.severity
                == .critical
        )
        // An hour later the window has slid past all of it.
        #expect(
            detector.observeOutflow(1, pool: pool, poolValue: 69_998.5, account: alice, at: at(3_600_000 + 60_000))
                == nil
        )
        // Below the minimum liquidity (10,000) nothing signals.
        var small = LiquidityDepletionDetector(settings: LiquidityDepletionSettings(), poolCount: 1)
        #expect(small.observeOutflow(9_000, pool: pool, poolValue: 999, account: alice, at: at(0)) == nil)
    }

    /// The ERC-7265 critique: a flash deposit must not dilute the share, nor its return count as depletion.
    @Test func aFlashDepositNeitherHidesNorFakesADrain() {
        var detector = LiquidityDepletionDetector(settings: LiquidityDepletionSettings(), poolCount: 1)
        detector.observeInflow(1_000_000, pool: pool, at: at(0))
        // 1,020,000 leaves a pool that held 100,000 before the deposit: 20,000 of it is the pool's, 20 %.
        let signal = detector.observeOutflow(1_020_000, pool: pool, poolValue: 80_000, account: alice, at: at(0))
        #expect(signal?.severity == .warning)
        #expect(signal?.evidence.contains("20.00%") == true)
        var roundTrip = LiquidityDepletionDetector(settings: LiquidityDepletionSettings(), poolCount: 1)
        roundTrip.observeInflow(1_000_000, pool: pool, at: at(0))
        #expect(roundTrip.observeOutflow(1_000_000, pool: pool, poolValue: 100_000, account: alice, at: at(0)) == nil)
    }

    @Test func profitSignalsStrictlyAboveTheMinimumAndItsLimits() {
        var detector = ConcentratedProfitDetector(settings: ConcentratedProfitSettings(), poolCount: 1)
        detector.observeInflow(1_000, account: alice, pool: pool)
        // Pool worth 10 M: 5 % is 500,000; the extraction is only above the deposit multiple.
        #expect(
            detector.observeOutflow(51_000, account: alice, pool: pool, poolValue: 10_000_000) == nil,
            "exactly 50,000 extracted"
        )
        let warning = detector.observeOutflow(1, account: alice, pool: pool, poolValue: 10_000_000)
        #expect(warning?.severity == .warning)
        #expect(warning?.scope == Scope(pool: pool, account: alice))
        // Beyond 5 % of the pool as well: critical.
        #expect(
            detector.observeOutflow(500_000, account: alice, pool: pool, poolValue: 10_000_000)?.severity == .critical
        )
        // An LP taking back its own money is no profit.
        detector.observeInflow(5_000_000, account: bob, pool: pool)
        #expect(detector.observeOutflow(5_000_000, account: bob, pool: pool, poolValue: 10_000_000) == nil)
    }

    @Test func washTradesMatchWithinTheToleranceAndTheWindow() {
        var detector = WashTradeDetector(settings: WashTradeSettings(), marketCount: 1)
        let value = 1_000_000.0
        // Both at least 2 % of the pool (20,000); 22,500 is exactly 10 % below 25,000.
        #expect(
            detector.observe(notional: 25_000, market: market, pool: pool, poolValue: value, account: alice, at: at(0))
                == nil
        )
        let wash = detector.observe(
            notional: -22_500,
            market: market,
            pool: pool,
            poolValue: value,
            account: bob,
            at: at(300_000)
        )
        #expect(wash?.kind == .washTrading)
        #expect(wash?.accounts == [bob, alice])
        #expect(wash?.severity == .warning)
        var apart = WashTradeDetector(settings: WashTradeSettings(), marketCount: 1)
        _ = apart.observe(notional: 40_000, market: market, pool: pool, poolValue: value, account: alice, at: at(0))
        #expect(
            apart.observe(notional: -35_999, market: market, pool: pool, poolValue: value, account: bob, at: at(1))
                == nil,
            "beyond 10 %"
        )
        #expect(
            apart.observe(
                notional: -40_000,
                market: market,
                pool: pool,
                poolValue: value,
                account: bob,
                at: at(300_001)
            ) == nil,
            "too late"
        )
        #expect(
            apart.observe(notional: 19_999, market: market, pool: pool, poolValue: value, account: bob, at: at(300_002))
                == nil,
            "too small"
        )
        var same = WashTradeDetector(settings: WashTradeSettings(), marketCount: 1)
        _ = same.observe(notional: 40_000, market: market, pool: pool, poolValue: value, account: alice, at: at(0))
        #expect(
            same.observe(notional: -40_000, market: market, pool: pool, poolValue: value, account: alice, at: at(1))
                == nil,
            "one account closing"
        )
        #expect(
            same.observe(notional: -40_000, market: market, pool: pool, poolValue: value, account: bob, at: at(2))?
                .severity == .critical
        )
    }

    @Test func aFlashLoanIsAnEntryAndAnExitInOneBlock() {
        var detector = FlashLoanDetector(settings: FlashLoanSettings())
        let block7 = FlowOrigin(time: at(0), block: 7)
        detector.observeEntry(
            100_000,
            what: "a deposit",
            account: alice,
            pool: pool,
            poolValue: 1_000_000,
            origin: block7
        )
        #expect(
            detector.observeExit(
                100_000,
                account: alice,
                pool: pool,
                poolValue: 1_000_000,
                origin: FlowOrigin(time: at(1), block: 8)
            ) == nil
        )
        let flash = detector.observeExit(
            100_000,
            account: alice,
            pool: pool,
            poolValue: 1_000_000,
            origin: FlowOrigin(time: at(1), block: 7)
        )
        #expect(flash?.severity == .warning)
        #expect(flash?.evidence.contains("in one block") == true)
        detector.observeEntry(
            100_000,
            what: "a deposit",
            account: bob,
            pool: pool,
            poolValue: 1_000_000,
            origin: FlowOrigin(time: at(0))
        )
        #expect(
            detector.observeExit(
                99_999,
                account: bob,
                pool: pool,
                poolValue: 1_000_000,
                origin: FlowOrigin(time: at(1))
            ) == nil,
            "below 10 %"
        )
        #expect(
            detector.observeExit(
                150_000,
                account: bob,
                pool: pool,
                poolValue: 1_000_000,
                origin: FlowOrigin(time: at(12_000))
            )?.severity == .critical
        )
        detector.observeEntry(
            99_999,
            what: "a deposit",
            account: alice,
            pool: pool,
            poolValue: 1_000_000,
            origin: block7
        )
        #expect(
            detector.observeExit(200_000, account: alice, pool: pool, poolValue: 1_000_000, origin: block7) == nil,
            "a small entry"
        )
    }

    @Test func aCascadeIsManyLiquidationsAndCriticalWithBadDebt() {
        var settings = LiquidationCascadeSettings()
        settings.bucketMilliseconds = 1_000
        settings.minimumLiquidations = 3
        var detector = LiquidationCascadeDetector(settings: settings, poolCount: 1)
        // An empty baseline spreads 1: six liquidations score exactly 6.
        for index in 0..<6 {
            #expect(detector.observe(badDebt: 0, pool: pool, account: alice, at: at(Int64(index))) == nil)
        }
        #expect(detector.observe(badDebt: 0, pool: pool, account: alice, at: at(6))?.severity == .warning)
        #expect(detector.observe(badDebt: 5, pool: pool, account: alice, at: at(7))?.severity == .critical)
    }

    @Test func aBaselineFoldsEmptyBucketsAsZeros() {
        var baseline = BucketBaseline(bucketMilliseconds: 1_000, halfLifeMilliseconds: 1_000)
        _ = baseline.roll(to: at(0), clip: 100, floor: 0)
        baseline.add(100)
        _ = baseline.roll(to: at(1_000), clip: 100, floor: 0)
        #expect(baseline.mean == 100)
        // Two empty buckets and the next: each halves the mean (half-life one bucket).
        _ = baseline.roll(to: at(4_000), clip: 100, floor: 0)
        #expect(baseline.seen == 4)
        #expect((baseline.mean - 12.5).magnitude < 1e-9)
    }
}
