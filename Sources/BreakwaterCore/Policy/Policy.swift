/// The detectors, the breakers and the automated responses, with their thresholds.
public struct Policy: Sendable, Hashable, Codable {
    /// `false` runs the policy in shadow mode: every signal, incident and action is computed and reported, marked
    /// as not enforced, and no breaker or response refuses anything.
    public var enforce: Bool = true
    public var priceBand: PriceBandSettings = PriceBandSettings()
    public var outflowLimit: OutflowLimitSettings = .init()
    public var detectors: DetectorSettings = DetectorSettings()
    public var responses: [ResponseRule] = ResponseRule.defaults
    /// After a market halt ends, liquidations of positions in that market wait this long, so traders can repair
    /// their accounts first (Aave's grace period).
    public var liquidationGraceMilliseconds: Int64 = 600_000

    public init() {}

    /// The same thresholds with every detector and automated response switched off: what the protocol does
    /// unguarded.
    public var disabled: Policy {
        var policy = self
        policy.priceBand.isEnabled = false
        policy.outflowLimit.isEnabled = false
        policy.detectors = detectors.disabled
        policy.responses = []
        policy.liquidationGraceMilliseconds = 0
        return policy
    }
}

/// A market price band in the manner of US Limit Up-Limit Down, per market.
///
/// The reference is an exponentially weighted average of the guarded price. A price strictly outside
/// `reference × (1 ± width)` puts the market in the limit state (reduce-only; the reference freezes); still outside
/// after ``limitStateMilliseconds``, it halts. While limited or halted, margin uses the price clamped to the band.
public struct PriceBandSettings: Sendable, Hashable, Codable {
    public var isEnabled: Bool = true
    /// Half the band's width as a share of the reference (0.15 = ±15 %).
    public var width: Wad = Wad(raw: Wad.scale * 15 / 100)
    /// Half-life of the reference average.
    public var referenceHalfLifeMilliseconds: Int64 = 300_000
    /// How long a market may stay outside its band before it halts.
    public var limitStateMilliseconds: Int64 = 15_000
    /// The shortest halt; it ends when the price is back inside the band, or has settled at a new level.
    public var haltMilliseconds: Int64 = 300_000

    public init() {}
}

/// An outflow limit per pool and asset, after the ERC-7265 "decrease limiter".
///
/// A main buffer of `maxShare × liquidity` refills linearly over ``refillMilliseconds``; inflows go to a separate
/// buffer that decays over ``inflowDecayMilliseconds``, so a flash deposit cannot raise the allowance for long.
/// A withdrawal larger than both buffers together is refused.
public struct OutflowLimitSettings: Sendable, Hashable, Codable {
    public var isEnabled: Bool = true
    /// The share of the pool's liquidity in an asset that may leave per refill period.
    public var maxShare: Wad = Wad(raw: Wad.scale / 5)
    public var refillMilliseconds: Int64 = 3_600_000
    public var inflowDecayMilliseconds: Int64 = 21_600_000
    /// Below this liquidity (in the asset's own units) the limit does not apply.
    public var minimumLiquidity: Wad = .zero

    public init() {}
}
