/// The oracle guard's thresholds, applied to every feed update and to every asset's aggregate price.
///
/// Each comparison is documented with its side of the boundary, because a threshold is only half a rule.
public struct OracleSettings: Sendable, Hashable, Codable {
    /// A feed whose latest price is older than this (by its publish time, else its arrival) is left out of the
    /// median: stale for margin. Exactly this old is still fresh.
    public var maxStalenessMilliseconds: Int64
    /// An asset whose newest valid feed is older than this is stale for trading: no new risk on it, though margin
    /// and liquidation still use its price. A feed's own heartbeat overrides it. Exactly this old is still fresh.
    public var tradingStalenessMilliseconds: Int64
    /// An update is refused when `max(new, last) / min(new, last) >= jumpFactor` (exactly the factor trips), and the
    /// feed stays tripped: left out until it is reset.
    public var jumpFactor: Wad
    /// An update is refused when `confidence / price > maxConfidenceRatio` (exactly the ratio passes).
    public var maxConfidenceRatio: Wad
    /// A feed is left out while `|price − median| / median > maxDivergence`, the median taken over the asset's live
    /// feeds (exactly the share passes).
    public var maxDivergence: Wad
    /// An asset is too volatile while `max(price, twap) / min(price, twap) > maxTWAPRatio` (exactly the ratio passes).
    public var maxTWAPRatio: Wad
    /// Half-life of the asset's time-weighted reference price.
    public var twapHalfLifeMilliseconds: Int64
    /// The most one update may move the reference, as a share of it, so a manipulated price moves it slowly.
    public var twapMaxStep: Wad

    public init(
        maxStalenessMilliseconds: Int64 = 60_000,
        tradingStalenessMilliseconds: Int64 = 30_000,
        jumpFactor: Wad = Wad(2),
        maxConfidenceRatio: Wad = Wad(raw: Wad.scale / 50),
        maxDivergence: Wad = Wad(raw: Wad.scale / 10),
        maxTWAPRatio: Wad = Wad(5),
        twapHalfLifeMilliseconds: Int64 = 3_600_000,
        twapMaxStep: Wad = Wad(raw: Wad.scale / 10)
    ) {
        self.maxStalenessMilliseconds = maxStalenessMilliseconds
        self.tradingStalenessMilliseconds = tradingStalenessMilliseconds
        self.jumpFactor = jumpFactor
        self.maxConfidenceRatio = maxConfidenceRatio
        self.maxDivergence = maxDivergence
        self.maxTWAPRatio = maxTWAPRatio
        self.twapHalfLifeMilliseconds = twapHalfLifeMilliseconds
        self.twapMaxStep = twapMaxStep
    }
}

extension OracleSettings {
    /// What a protocol without Breakwater does: the median of the fresh feeds, whatever they say (only a
    /// non-positive price is refused), and one staleness limit for everything.
    public var plainMedian: OracleSettings {
        var settings = self
        let unbounded = Wad(raw: Int128(Int64.max) * Wad.scale)
        settings.tradingStalenessMilliseconds = maxStalenessMilliseconds
        settings.jumpFactor = unbounded
        settings.maxConfidenceRatio = unbounded
        settings.maxDivergence = unbounded
        settings.maxTWAPRatio = unbounded
        return settings
    }
}
