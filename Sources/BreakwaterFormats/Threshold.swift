public import BreakwaterCore

/// One tunable threshold of the stream reader, the oracle guard or the policy: its YAML key, what it means, and where
/// it lives in the config. The list is the single source for reading the `stream`, `oracle` and `policy` sections,
/// for the allowed keys, and for `breakwater policy explain`.
public struct Threshold: Sendable {
    /// The full YAML key, `policy.detectors.volume.warning_score`.
    public let key: String
    /// What it does, with its side of the boundary.
    public let meaning: String
    let access: Access

    enum Access: @unchecked Sendable {
        case decimal(WritableKeyPath<ProtocolConfig, Wad>)
        case integer(WritableKeyPath<ProtocolConfig, Int64>)
        case flag(WritableKeyPath<ProtocolConfig, Bool>)
    }

    /// The value in a config, as YAML would write it.
    public func value(in config: ProtocolConfig) -> String {
        switch access {
        case .decimal(let path): "\"\(config[keyPath: path])\""
        case .integer(let path): String(config[keyPath: path])
        case .flag(let path): String(config[keyPath: path])
        }
    }

    /// The mapping the key sits in (`policy.detectors.volume`) and its last component (`warning_score`).
    var parent: String { String(key[..<(key.lastIndex(of: ".") ?? key.startIndex)]) }
    var name: String { String(key[key.index(after: key.lastIndex(of: ".") ?? key.startIndex)...]) }
}

extension Threshold {
    private static func decimal(
        _ key: String,
        _ path: WritableKeyPath<ProtocolConfig, Wad>,
        _ meaning: String
    ) -> Threshold {
        Threshold(key: key, meaning: meaning, access: .decimal(path))
    }

    private static func integer(
        _ key: String,
        _ path: WritableKeyPath<ProtocolConfig, Int64>,
        _ meaning: String
    ) -> Threshold {
        Threshold(key: key, meaning: meaning, access: .integer(path))
    }

    private static func flag(
        _ key: String,
        _ path: WritableKeyPath<ProtocolConfig, Bool>,
        _ meaning: String
    ) -> Threshold {
        Threshold(key: key, meaning: meaning, access: .flag(path))
    }

    /// Every threshold, in the order the docs and `policy explain` list them.
    public static var all: [Threshold] { stream + oracle + breakers + detectors }

    static var stream: [Threshold] {
        [
            integer(
                "stream.max_time_jump_ms",
                \.stream.maxTimeJumpMilliseconds,
                "a line whose time is more than this past the stream's is held until the next lines confirm the jump; exactly this far is taken"
            ),
            integer(
                "stream.confirm_lines",
                \.stream.confirmLines,
                "the lines after a held jump that confirm it, each in order and within max_time_jump_ms of the held line's time"
            ),
            integer(
                "stream.max_line_bytes",
                \.stream.maxLineBytes,
                "a line longer than this (newline excluded) is a bad line, read past without being held; exactly this long is read"
            ),
        ]
    }

    static var oracle: [Threshold] {
        [
            integer(
                "oracle.max_staleness_ms",
                \.oracle.maxStalenessMilliseconds,
                "a feed older than this is left out of the median (stale for margin); exactly this old is fresh"
            ),
            integer(
                "oracle.trading_staleness_ms",
                \.oracle.tradingStalenessMilliseconds,
                "an asset whose newest valid feed is older than this is stale for trading: no new risk (a feed's heartbeat_ms overrides); exactly this old is fresh"
            ),
            decimal(
                "oracle.jump_factor",
                \.oracle.jumpFactor,
                "an update with max(new, last) / min(new, last) >= this is refused and trips the feed until a reset_feed (exactly the factor trips)"
            ),
            decimal(
                "oracle.max_confidence_ratio",
                \.oracle.maxConfidenceRatio,
                "an update with confidence / price > this is refused (exactly the ratio passes)"
            ),
            decimal(
                "oracle.max_divergence",
                \.oracle.maxDivergence,
                "a feed with |price - median| / median > this is left out (exactly the share passes)"
            ),
            decimal(
                "oracle.max_twap_ratio",
                \.oracle.maxTWAPRatio,
                "an asset with max(median, twap) / min(median, twap) > this is too volatile: no price for margin or trading (exactly the ratio passes)"
            ),
            integer(
                "oracle.twap_half_life_ms",
                \.oracle.twapHalfLifeMilliseconds,
                "half-life of the asset's time-weighted reference price"
            ),
            decimal(
                "oracle.twap_max_step",
                \.oracle.twapMaxStep,
                "one update moves the reference at most this share of it"
            ),
        ]
    }

    static var breakers: [Threshold] {
        [
            flag(
                "policy.enforce",
                \.policy.enforce,
                "false runs the policy in shadow mode: everything is computed and reported as not enforced, nothing is refused"
            ),
            integer(
                "policy.liquidation_grace_ms",
                \.policy.liquidationGraceMilliseconds,
                "after a market halt ends, its positions are not liquidated for this long (0: no grace)"
            ),
            flag("policy.price_band.enabled", \.policy.priceBand.isEnabled, "price bands on every market"),
            decimal(
                "policy.price_band.width",
                \.policy.priceBand.width,
                "half the band's width as a share of the reference; a price strictly outside reference × (1 ± width) enters the limit state"
            ),
            integer(
                "policy.price_band.reference_half_life_ms",
                \.policy.priceBand.referenceHalfLifeMilliseconds,
                "half-life of the band's reference average"
            ),
            integer(
                "policy.price_band.limit_state_ms",
                \.policy.priceBand.limitStateMilliseconds,
                "a market still outside its band after this long (at or beyond) halts"
            ),
            integer(
                "policy.price_band.halt_ms",
                \.policy.priceBand.haltMilliseconds,
                "the shortest halt (at least this long)"
            ),
            flag("policy.outflow_limit.enabled", \.policy.outflowLimit.isEnabled, "outflow limits per pool and asset"),
            decimal(
                "policy.outflow_limit.max_share",
                \.policy.outflowLimit.maxShare,
                "share of a pool's settled liquidity in an asset that may leave per refill period; a request strictly above what is available is refused"
            ),
            integer(
                "policy.outflow_limit.refill_ms",
                \.policy.outflowLimit.refillMilliseconds,
                "the allowance refills linearly over this"
            ),
            integer(
                "policy.outflow_limit.inflow_decay_ms",
                \.policy.outflowLimit.inflowDecayMilliseconds,
                "inflows sit in a separate buffer that decays to zero over this"
            ),
            decimal(
                "policy.outflow_limit.min_liquidity",
                \.policy.outflowLimit.minimumLiquidity,
                "below this liquidity (in the asset) no limit applies"
            ),
        ]
    }

    static var detectors: [Threshold] {
        [
            flag("policy.detectors.volume.enabled", \.policy.detectors.volume.isEnabled, "the volume anomaly detector"),
            integer(
                "policy.detectors.volume.bucket_ms",
                \.policy.detectors.volume.bucketMilliseconds,
                "traded notional is summed per market in buckets this long"
            ),
            integer(
                "policy.detectors.volume.baseline_half_life_ms",
                \.policy.detectors.volume.baselineHalfLifeMilliseconds,
                "half-life of the baseline mean and variance of past buckets"
            ),
            integer(
                "policy.detectors.volume.warmup_buckets",
                \.policy.detectors.volume.warmupBuckets,
                "buckets the baseline must have seen before it scores"
            ),
            decimal(
                "policy.detectors.volume.warning_score",
                \.policy.detectors.volume.warningScore,
                "a bucket scoring strictly above this warns; score = (bucket - mean) / max(σ, mean / 10, min_notional)"
            ),
            decimal(
                "policy.detectors.volume.critical_score",
                \.policy.detectors.volume.criticalScore,
                "a bucket scoring strictly above this is critical"
            ),
            decimal(
                "policy.detectors.volume.min_notional",
                \.policy.detectors.volume.minimumNotional,
                "a bucket below this notional (quote asset) is never anomalous; also the least spread"
            ),
            flag(
                "policy.detectors.depletion.enabled",
                \.policy.detectors.depletion.isEnabled,
                "the liquidity depletion detector"
            ),
            integer(
                "policy.detectors.depletion.window_ms",
                \.policy.detectors.depletion.windowMilliseconds,
                "the rolling window net outflow is measured over"
            ),
            integer(
                "policy.detectors.depletion.inflow_decay_ms",
                \.policy.detectors.depletion.inflowDecayMilliseconds,
                "inflows earn a credit against outflows that decays to zero over this; they never raise the base"
            ),
            decimal(
                "policy.detectors.depletion.warning_share",
                \.policy.detectors.depletion.warningShare,
                "net outflow strictly above this share of the pool's value before the window warns"
            ),
            decimal(
                "policy.detectors.depletion.critical_share",
                \.policy.detectors.depletion.criticalShare,
                "strictly above this share it is critical"
            ),
            decimal(
                "policy.detectors.depletion.min_liquidity",
                \.policy.detectors.depletion.minimumLiquidity,
                "no signal for a pool worth less than this (quote asset) before the window"
            ),
            flag(
                "policy.detectors.profit.enabled",
                \.policy.detectors.profit.isEnabled,
                "the concentrated profit detector"
            ),
            decimal(
                "policy.detectors.profit.pool_share",
                \.policy.detectors.profit.poolShare,
                "an account taking out strictly more than this share of the pool's value beyond what it put in warns"
            ),
            decimal(
                "policy.detectors.profit.deposit_multiple",
                \.policy.detectors.profit.depositMultiple,
                "or strictly more than this multiple of its deposits; both at once is critical"
            ),
            decimal(
                "policy.detectors.profit.min_profit",
                \.policy.detectors.profit.minimumProfit,
                "extraction at or below this (quote asset) never signals"
            ),
            flag(
                "policy.detectors.wash.enabled",
                \.policy.detectors.wash.isEnabled,
                "the self-trading (wash) shape detector"
            ),
            integer(
                "policy.detectors.wash.window_ms",
                \.policy.detectors.wash.windowMilliseconds,
                "two opposite trades at most this far apart"
            ),
            decimal(
                "policy.detectors.wash.pool_share",
                \.policy.detectors.wash.poolShare,
                "each trade's notional at least this share of the pool's value (twice it: critical)"
            ),
            decimal(
                "policy.detectors.wash.size_tolerance",
                \.policy.detectors.wash.sizeTolerance,
                "sizes within this share of the larger one"
            ),
            flag(
                "policy.detectors.flash_loan.enabled",
                \.policy.detectors.flashLoan.isEnabled,
                "the flash-loan shape detector"
            ),
            decimal(
                "policy.detectors.flash_loan.pool_share",
                \.policy.detectors.flashLoan.poolShare,
                "the entry (deposit, borrow, trade) and the withdrawal each at least this share of the pool's value"
            ),
            integer(
                "policy.detectors.flash_loan.window_ms",
                \.policy.detectors.flashLoan.windowMilliseconds,
                "without block or transaction in the stream, both at most this far apart"
            ),
            flag(
                "policy.detectors.cascade.enabled",
                \.policy.detectors.cascade.isEnabled,
                "the liquidation cascade detector"
            ),
            integer(
                "policy.detectors.cascade.bucket_ms",
                \.policy.detectors.cascade.bucketMilliseconds,
                "liquidations are counted per pool in buckets this long"
            ),
            integer(
                "policy.detectors.cascade.baseline_half_life_ms",
                \.policy.detectors.cascade.baselineHalfLifeMilliseconds,
                "half-life of the baseline of past buckets"
            ),
            integer(
                "policy.detectors.cascade.min_liquidations",
                \.policy.detectors.cascade.minimumLiquidations,
                "a bucket with fewer liquidations never signals"
            ),
            decimal(
                "policy.detectors.cascade.warning_score",
                \.policy.detectors.cascade.warningScore,
                "a bucket scoring strictly above this warns (critical with bad debt in it)"
            ),
            flag(
                "policy.detectors.feed_fault.enabled",
                \.policy.detectors.feedFault.isEnabled,
                "a feed left out of its asset's price too long raises feed_fault"
            ),
            integer(
                "policy.detectors.feed_fault.after_ms",
                \.policy.detectors.feedFault.afterMilliseconds,
                "a feed left out (refused, divergent, or silent past its heartbeat) strictly longer than this raises feed_fault"
            ),
            flag(
                "policy.detectors.insolvency.enabled",
                \.policy.detectors.insolvency,
                "a liquidation leaving bad debt beyond the insurance fund raises insolvency (invariant violations always signal)"
            ),
        ]
    }
}
