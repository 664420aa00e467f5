public import BreakwaterCore

/// Where each asset's price has been going: two slow exponential averages of its guarded price, over hours (half-life
/// 12 hours) and over days (48 hours). A move is read against them: how far the price is from where it has been for
/// hours, and whether the hours have been leaving the days behind (a trend, or a market in turmoil). A statistic, in
/// `Double`.
public struct MarketTrends: Sendable, Codable {
    private var hours: [Reference]
    private var days: [Reference]

    public init(assetCount: Int) {
        hours = Array(repeating: Reference(halfLifeMilliseconds: 12 * 3_600_000), count: assetCount)
        days = Array(repeating: Reference(halfLifeMilliseconds: 48 * 3_600_000), count: assetCount)
    }

    /// Folds an asset's guarded price at `now` into its references.
    public mutating func observe(_ price: Double, of asset: AssetID, at now: Timestamp) {
        guard price > 0 else { return }
        hours[Int(asset.index)].observe(price, at: now)
        days[Int(asset.index)].observe(price, at: now)
    }

    /// `price / hours reference − 1`: how far `price` is from where the asset has been for hours.
    public func longMove(of asset: AssetID, at price: Double) -> Double? {
        hours[Int(asset.index)].value.map { price / $0 - 1 }
    }

    /// `hours reference / days reference − 1`: where the asset has been going over the last days.
    public func trend(of asset: AssetID) -> Double? {
        guard let recent = hours[Int(asset.index)].value, let old = days[Int(asset.index)].value else { return nil }
        return recent / old - 1
    }

    /// One exponential average, moved toward a price by `1 − 2^(−Δt / half-life)` at most once a minute: an
    /// average over hours needs no finer steps, and the engine's oracle path no more work.
    struct Reference: Sendable, Codable {
        static let stepMilliseconds: Int64 = 60_000
        var value: Double?
        var time = Timestamp(milliseconds: .min)
        var weight: DecayWeight

        init(halfLifeMilliseconds: Int64) { weight = DecayWeight(halfLifeMilliseconds: halfLifeMilliseconds) }

        mutating func observe(_ price: Double, at now: Timestamp) {
            guard let value else {
                (self.value, time) = (price, now)
                return
            }
            let elapsed = now.milliseconds(since: time)
            guard elapsed >= Self.stepMilliseconds else { return }
            let share = weight.weight(after: elapsed)
            (self.value, time) = (value + (price - value) * share, now)
        }
    }
}
