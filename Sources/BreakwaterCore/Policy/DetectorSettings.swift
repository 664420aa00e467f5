/// The thresholds of the streaming detectors. Every detector keeps state bounded by its window or by the accounts
/// it sees, and does O(1) amortized work per event.
public struct DetectorSettings: Sendable, Hashable, Codable {
    public var volume = VolumeAnomalySettings()
    public var depletion = LiquidityDepletionSettings()
    public var profit = ConcentratedProfitSettings()
    public var wash = WashTradeSettings()
    public var flashLoan = FlashLoanSettings()
    public var cascade = LiquidationCascadeSettings()
    public var feedFault = FeedFaultSettings()
    /// Whether a liquidation that leaves bad debt beyond the insurance fund raises `insolvency`. (Invariant
    /// violations are always raised.)
    public var insolvency = true

    public init() {}

    /// Every detector switched off.
    public var disabled: DetectorSettings {
        var settings = self
        settings.volume.isEnabled = false
        settings.depletion.isEnabled = false
        settings.profit.isEnabled = false
        settings.wash.isEnabled = false
        settings.flashLoan.isEnabled = false
        settings.cascade.isEnabled = false
        settings.feedFault.isEnabled = false
        settings.insolvency = false
        return settings
    }
}

/// Traded notional per market in fixed buckets, scored against an exponentially weighted baseline of past buckets.
///
/// `score = (bucket − mean) / max(σ, mean × 0.1, minimumNotional)`, so a thin market's lone trade is not an
/// anomaly; a bucket scores only after ``warmupBuckets`` and at or above ``minimumNotional``. A score strictly above ``warningScore`` warns, strictly above ``criticalScore`` is critical.
/// A closed bucket enters the baseline clipped at the warning level, so an attack does not teach the baseline.
public struct VolumeAnomalySettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var bucketMilliseconds: Int64 = 60_000
    public var baselineHalfLifeMilliseconds: Int64 = 21_600_000
    public var warmupBuckets: Int64 = 60
    public var warningScore = Wad(8)
    public var criticalScore = Wad(20)
    /// In the pool's quote asset.
    public var minimumNotional = Wad(100_000)

    public init() {}
}

/// Net outflow of a pool's value over a rolling window, as a share of what the pool held before the window.
///
/// `share = (outflows in window − inflow credit) / (value now + outflows in window − inflows in window)`. Inflows
/// do not raise the base (a flash deposit cannot dilute the share); they earn a credit that offsets outflows and
/// decays linearly over ``inflowDecayMilliseconds``. A share strictly above ``warningShare`` warns, strictly above
/// ``criticalShare`` is critical; no signal below ``minimumLiquidity`` of base value.
public struct LiquidityDepletionSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var windowMilliseconds: Int64 = 3_600_000
    public var inflowDecayMilliseconds: Int64 = 21_600_000
    public var warningShare = Wad(raw: Wad.scale * 15 / 100)
    public var criticalShare = Wad(raw: Wad.scale * 30 / 100)
    /// In the pool's quote asset.
    public var minimumLiquidity = Wad(10_000)

    public init() {}
}

/// Value an account took out of a pool beyond what it put in (withdrawals and LP removals minus deposits and LP
/// additions, at the prices of the day).
///
/// Extraction strictly above ``poolShare`` of the pool's value, or strictly above ``depositMultiple`` times the
/// account's deposits, warns; both at once is critical. Nothing below ``minimumProfit``.
public struct ConcentratedProfitSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var poolShare = Wad(raw: Wad.scale / 20)
    public var depositMultiple = Wad(5)
    /// In the pool's quote asset.
    public var minimumProfit = Wad(50_000)

    public init() {}
}

/// Two accounts opening opposite positions of similar size in one market close in time: the shape of a trader
/// dealing with itself (Mango Markets, 2022: the long and the short were the same attacker).
///
/// Both trades at or above ``poolShare`` of the pool's value, at most ``windowMilliseconds`` apart, sizes within
/// ``sizeTolerance`` of the larger. Warning; critical when each is at or above twice the share.
public struct WashTradeSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var windowMilliseconds: Int64 = 300_000
    public var poolShare = Wad(raw: Wad.scale / 50)
    public var sizeTolerance = Wad(raw: Wad.scale / 10)

    public init() {}
}

/// A large inflow, borrow or trade and a large withdrawal by one account inside one block or transaction (bZx,
/// 2020): each at or above ``poolShare`` of the pool's value. Without provenance, inside ``windowMilliseconds``.
/// Critical when the withdrawal takes more than came in.
public struct FlashLoanSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var poolShare = Wad(raw: Wad.scale / 10)
    public var windowMilliseconds: Int64 = 12_000

    public init() {}
}

/// Liquidations per pool in fixed buckets against an exponentially weighted baseline, like the volume score.
///
/// A bucket with at least ``minimumLiquidations`` and a score strictly above ``warningScore`` warns; with bad debt
/// in the bucket it is critical. A cascade in a crash is dangerous but not an exploit: no default response pauses.
public struct LiquidationCascadeSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var bucketMilliseconds: Int64 = 300_000
    public var baselineHalfLifeMilliseconds: Int64 = 86_400_000
    public var minimumLiquidations: Int64 = 10
    public var warningScore = Wad(6)

    public init() {}
}

/// A feed left out of its asset's price (refused, divergent from the others, or silent past its heartbeat) for
/// strictly longer than ``afterMilliseconds`` raises `feed_fault`, a warning; it is raised once until the feed counts
/// again, which raises `feed_restored`. The median already ignores such a feed: this tells the people who run the
/// oracle, and halts nothing.
public struct FeedFaultSettings: Sendable, Hashable, Codable {
    public var isEnabled = true
    public var afterMilliseconds: Int64 = 120_000

    public init() {}
}
