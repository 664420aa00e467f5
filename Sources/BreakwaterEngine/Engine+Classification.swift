import BreakwaterCore
import BreakwaterDetection

extension Engine {
    /// The signals whose move is read for the incident's classification.
    static let priceSignals: Set<Signal.Kind> = [.priceBandBreach, .oracleTooVolatile, .volumeAnomaly]

    /// How the move behind a price signal reads now; `nil` for another signal, or an asset with no price or
    /// reference yet.
    func reading(of signal: Signal) -> MoveReading? {
        guard Self.priceSignals.contains(signal.kind),
            let asset = signal.scope.asset ?? signal.scope.market.map({ underlyingOfMarket[Int($0.index)] }),
            let (move, longMove) = moves(of: asset)
        else { return nil }
        var reading = MoveReading(
            asset: asset,
            move: move,
            longMove: longMove,
            trend: trends.trend(of: asset) ?? 0,
            agreeingFeeds: [],
            leftOutFeeds: [],
            coMovers: [],
            actors: signal.accounts
        )
        for (index, feed) in config.feeds.enumerated() where feed.asset == asset {
            let id = FeedID(index)
            if oracleGuard.exclusion(of: id) != nil || oracleGuard.isDivergent(id) {
                reading.leftOutFeeds.append(id)
            } else {
                reading.agreeingFeeds.append(id)
            }
        }
        for other in config.assetIDs where other != asset {
            guard let (short, long) = moves(of: other), reading.isCoMove(short: short, long: long) else { continue }
            let isShort = reading.isCoMove(short: short, long: 0)
            reading.coMovers.append(
                MoveReading.AssetMove(asset: other, move: isShort ? short : long, isOverHours: !isShort)
            )
        }
        return reading
    }

    /// `price / twap − 1` and `price / hours reference − 1` for an asset priced by feeds; `nil` for a fixed price
    /// or before they exist.
    private func moves(of asset: AssetID) -> (short: Double, long: Double)? {
        guard config.asset(asset).fixedPrice == nil, let price = oracleGuard.price(of: asset)?.quickDouble,
            let twap = oracleGuard.twap(of: asset)?.quickDouble, twap > 0,
            let long = trends.longMove(of: asset, at: price)
        else { return nil }
        return (price / twap - 1, long)
    }
}
