public import BreakwaterCore

/// The first oracle guard: validates every feed update and prices each asset as the median of its fresh feeds.
///
/// An update is refused when its price is not positive, or when it moves by at least the jump factor against
/// the feed's last accepted price (Synthetix's circuit breaker: exactly the factor trips, and the feed stays
/// tripped until a price within the factor arrives). A feed is fresh while its latest accepted price is at most
/// ``OracleSettings/maxStalenessMilliseconds`` old, measured from its publish time when given.
public struct OracleGuard: Sendable {
    public let settings: OracleSettings
    private let fixedPrices: [Wad?]
    private let feedsByAsset: [[FeedID]]
    private var latest: [Reading?]

    private struct Reading: Sendable {
        var price: Wad
        var time: Timestamp
    }

    public init(config: ProtocolConfig) {
        settings = config.oracle
        fixedPrices = config.assets.map(\.fixedPrice)
        var feedsByAsset = Array(repeating: [FeedID](), count: config.assets.count)
        for (index, feed) in config.feeds.enumerated() { feedsByAsset[Int(feed.asset.index)].append(FeedID(index)) }
        self.feedsByAsset = feedsByAsset
        latest = Array(repeating: nil, count: config.feeds.count)
    }

    /// The verdict on one feed update.
    public enum Verdict: Sendable, Hashable {
        case accepted
        case refused(Rejection, Signal)
    }

    /// Validates an update and, if it passes, records it as the feed's latest price; `feedName` is worded only for
    /// a refusal.
    public mutating func apply(_ update: OracleUpdate, at now: Timestamp, feedName: @autoclosure () -> String) -> Verdict {
        let scope = Scope(isProtocol: true)
        guard update.price.isPositive else {
            let message = "feed \(feedName()) reported a non-positive price \(update.price)"
            return .refused(
                Rejection(.noPrice, message),
                Signal(kind: .oracleInvalid, scope: scope, severity: .warning, evidence: message)
            )
        }
        let index = Int(update.feed.index)
        if let last = latest[index]?.price {
            let (low, high) = last < update.price ? (last, update.price) : (update.price, last)
            if let threshold = try? low.multiplied(by: settings.jumpFactor, rounding: .up), high >= threshold {
                let message =
                    "feed \(feedName()) moved from \(last) to \(update.price), at least the jump factor \(settings.jumpFactor)"
                return .refused(
                    Rejection(.oracleJump, message),
                    Signal(kind: .oracleJump, scope: scope, severity: .warning, evidence: message)
                )
            }
        }
        latest[index] = Reading(price: update.price, time: update.publishTime ?? now)
        return .accepted
    }

    /// The guarded price of an asset now: its fixed price, or the median of its fresh feeds, or `nil`.
    public func price(of asset: AssetID, at now: Timestamp) -> Wad? {
        if let fixed = fixedPrices[Int(asset.index)] { return fixed }
        let feeds = feedsByAsset[Int(asset.index)]
        return withUnsafeTemporaryAllocation(of: Wad.self, capacity: feeds.count) { buffer in
            var count = 0
            for feed in feeds {
                if let reading = latest[Int(feed.index)],
                    now.milliseconds(since: reading.time) <= settings.maxStalenessMilliseconds
                {
                    buffer.initializeElement(at: count, to: reading.price)
                    count += 1
                }
            }
            return Self.median(UnsafeMutableBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The last instant through which every feed that is fresh at `now` stays fresh, so prices cannot change
    /// before then without an update; `nil` when no feed is fresh.
    public func feedsStayFresh(from now: Timestamp) -> Timestamp? {
        var earliest: Timestamp?
        for reading in latest {
            guard let reading, now.milliseconds(since: reading.time) <= settings.maxStalenessMilliseconds else { continue }
            let staleAfter = reading.time.advanced(by: settings.maxStalenessMilliseconds)
            earliest = earliest.map { Swift.min($0, staleAfter) } ?? staleAfter
        }
        return earliest
    }

    /// The median; with an even count, the mean of the two middle values rounded down. Sorts `values` in place.
    static func median(_ values: UnsafeMutableBufferPointer<Wad>) -> Wad? {
        var sorted = values
        guard !sorted.isEmpty else { return nil }
        sorted.sort()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let (low, high) = (sorted[middle - 1], sorted[middle])
        // low + (high - low) / 2 cannot overflow for ordered positive values.
        return Wad(raw: low.raw + (high.raw - low.raw) / 2)
    }
}
