public import BreakwaterCore

/// How the engine read the price move behind a price signal (`price_band_breach`, `oracle_too_volatile`,
/// `volume_anomaly`): the evidence that tells a market under stress from a manipulated price.
///
/// A move is **market stress** when most of the asset's feeds agree (more count than are refused or divergent: one
/// lagging feed in a crash is no manipulation), the signal names no
/// account, and the move is broad or continues the asset's history: another asset moved the same way (from its
/// reference by at least ``minimumCoMove`` and a quarter of this one's, or from where it has been for hours by at
/// least ``minimumLongCoMove`` and a quarter of this one's), or the asset has been trending the move's way by at
/// least ``minimumTrend`` over days, or it is in turmoil (a trend of at least ``turmoilTrend`` either way). Anything
/// else (one asset breaking from a calm history, a feed left out, an actor in the signal) reads as manipulation.
public struct MoveReading: Sendable, Hashable, Codable {
    /// The asset whose price moved.
    public var asset: AssetID
    /// How far its guarded price is from its time-weighted reference: `price / twap − 1`.
    public var move: Double
    /// How far it is from where it has been for hours (``MarketTrends/longMove(of:at:)``).
    public var longMove: Double
    /// Where it has been going over days (``MarketTrends/trend(of:)``).
    public var trend: Double
    /// Its feeds that count in its price, and those refused or divergent.
    public var agreeingFeeds: [FeedID]
    public var leftOutFeeds: [FeedID]
    /// The other assets that moved the same way, and by how much (from their reference, or from where they have been
    /// for hours, whichever made them co-move).
    public var coMovers: [AssetMove]
    /// The accounts the signal named: actors positioned on the move.
    public var actors: [AccountID]

    public struct AssetMove: Sendable, Hashable, Codable {
        public var asset: AssetID
        public var move: Double
        /// Whether `move` is from where it has been for hours rather than from its reference.
        public var isOverHours: Bool
    }

    public static let minimumCoMove = 0.02
    public static let minimumLongCoMove = 0.05
    /// The least share of this asset's move that another asset's must reach.
    public static let coMoveShare = 0.25
    public static let minimumTrend = 0.05
    public static let turmoilTrend = 0.2

    /// Whether the move continues the asset's history: a trend its way, or turmoil either way.
    public var continuesHistory: Bool {
        trend * move > 0 && abs(trend) >= Self.minimumTrend || abs(trend) >= Self.turmoilTrend
    }

    /// Whether another asset moving by `short` from its reference and `long` from its hours co-moves with this one.
    public func isCoMove(short: Double, long: Double) -> Bool {
        short * move > 0 && abs(short) >= max(Self.minimumCoMove, abs(move) * Self.coMoveShare)
            || long * longMove > 0 && abs(long) >= max(Self.minimumLongCoMove, abs(longMove) * Self.coMoveShare)
    }

    /// Whether the move reads as market stress rather than manipulation.
    public var isStress: Bool {
        agreeingFeeds.count > leftOutFeeds.count && actors.isEmpty && move != 0
            && (!coMovers.isEmpty || continuesHistory)
    }
}
