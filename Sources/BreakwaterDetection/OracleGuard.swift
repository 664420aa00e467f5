public import BreakwaterCore

/// The oracle guard: classifies every feed update and prices each asset at the median of its valid feeds.
///
/// An update is refused when its price is not positive, its confidence is too wide, it sits at the feed's
/// configured floor or ceiling, or it moves by at least the jump factor (Synthetix's circuit breaker: the feed then
/// stays tripped until ``reset(_:at:)``). A refused feed is left out until an update passes. Among the feeds that are
/// fresh for margin, one away from their median by more than the divergence limit is left out too; the asset's
/// price is the median of the rest, and its ``PriceValidity`` says which operations may use it.
public struct OracleGuard: Sendable, Codable {
    /// What the config fixes, behind one reference: the guard is copied whenever it is read from a mutating
    /// context, and that copy must stay a few words.
    /// Shared by every copy of the guard; replaced whole when governance changes a feed's answer bounds.
    var tables: Tables
    var feeds: [FeedState]
    var assets: [AssetState]
    /// The earliest instant after which an asset's price or validity may change without an update.
    public private(set) var nextChange = Timestamp(milliseconds: .max)

    public var settings: OracleSettings { tables.settings }

    final class Tables: Sendable, Codable {
        let settings: OracleSettings
        let terms: [FeedTerms]
        /// Each feed's heartbeat: past it, the feed no longer makes its asset valid for trading.
        let heartbeats: [Int64]
        let feedsByAsset: [[Int]]
        let assetNames: [String]
        let fixedPrices: [Wad?]
        /// Shifts that settle most threshold checks without a multiplication.
        let bounds: Bounds
        /// ``OracleSettings/twapMaxStep`` as a `Double`, for the reference's step.
        let twapMaxStep: Double
        /// How long a feed may be left out before `feed_fault`; `nil` when the detector is off.
        let feedFaultAfter: Int64?

        /// `other` with `terms` for its feeds.
        init(copying other: Tables, terms: [FeedTerms]) {
            settings = other.settings
            self.terms = terms
            heartbeats = other.heartbeats
            feedsByAsset = other.feedsByAsset
            assetNames = other.assetNames
            fixedPrices = other.fixedPrices
            bounds = other.bounds
            twapMaxStep = other.twapMaxStep
            feedFaultAfter = other.feedFaultAfter
        }

        init(config: ProtocolConfig) {
            let oracle = config.oracle
            settings = oracle
            bounds = Bounds(
                jump: ShiftBound(share: (try? oracle.jumpFactor.subtracting(.one)) ?? .zero),
                confidence: ShiftBound(share: oracle.maxConfidenceRatio),
                divergence: ShiftBound(share: oracle.maxDivergence),
                volatility: ShiftBound(share: (try? oracle.maxTWAPRatio.subtracting(.one)) ?? .zero)
            )
            twapMaxStep = oracle.twapMaxStep.approximateDouble
            let feedFault = config.policy.detectors.feedFault
            feedFaultAfter = feedFault.isEnabled ? feedFault.afterMilliseconds : nil
            terms = config.feeds.map { feed in
                FeedTerms(
                    name: feed.name,
                    asset: Int(feed.asset.index),
                    minAnswer: feed.minAnswer,
                    maxAnswer: feed.maxAnswer
                )
            }
            heartbeats = config.feeds.map { $0.heartbeatMilliseconds ?? oracle.tradingStalenessMilliseconds }
            var feedsByAsset = Array(repeating: [Int](), count: config.assets.count)
            for (index, feed) in config.feeds.enumerated() { feedsByAsset[Int(feed.asset.index)].append(index) }
            self.feedsByAsset = feedsByAsset
            assetNames = config.assets.map(\.name)
            fixedPrices = config.assets.map(\.fixedPrice)
        }
    }

    struct Bounds: Sendable, Codable {
        var jump: ShiftBound
        var confidence: ShiftBound
        var divergence: ShiftBound
        var volatility: ShiftBound
    }

    /// One feed's configuration, resolved.
    struct FeedTerms: Sendable, Codable {
        var name: String
        var asset: Int
        var minAnswer: Wad?
        var maxAnswer: Wad?
    }

    /// An asset's guarded price, its validity, and its time-weighted reference.
    struct AssetState: Sendable, Codable {
        var price: Wad?
        var validity = PriceValidity.noValidFeed
        var twap: Wad?
        var twapTime = Timestamp(milliseconds: .min)
        /// After this instant a feed of the asset crosses a staleness limit.
        var changesAt = Timestamp(milliseconds: .max)
        var twapWeight: DecayWeight
    }

    public init(config: ProtocolConfig) {
        tables = Tables(config: config)
        feeds = Array(repeating: FeedState(), count: config.feeds.count)
        let decay = DecayWeight(halfLifeMilliseconds: config.oracle.twapHalfLifeMilliseconds)
        assets = config.assets.map { asset in
            AssetState(
                price: asset.fixedPrice,
                validity: asset.fixedPrice == nil ? .noValidFeed : .valid,
                twapWeight: decay
            )
        }
    }

    /// The verdict on one feed update: a refusal if the update did not pass, and the signals it raised.
    public struct Verdict: Sendable, Hashable {
        public var rejection: Rejection?
        public var signals: [Signal] = []
    }

    /// The guarded price of an asset now, `nil` when it has no valid feed.
    public func price(of asset: AssetID) -> Wad? { assets[Int(asset.index)].price }

    /// Which operations may use the asset's price now.
    public func validity(of asset: AssetID) -> PriceValidity { assets[Int(asset.index)].validity }

    /// The asset's time-weighted reference price.
    public func twap(of asset: AssetID) -> Wad? { assets[Int(asset.index)].twap }

    /// Why a feed is left out, if it is.
    public func exclusion(of feed: FeedID) -> FeedExclusion? { feeds[Int(feed.index)].exclusion }

    /// Whether a feed is left out for being away from the median of its asset's feeds.
    public func isDivergent(_ feed: FeedID) -> Bool { feeds[Int(feed.index)].isDivergent }

    /// Classifies an update; if it passes, it becomes the feed's latest price. Either way the asset is repriced.
    public mutating func apply(_ update: OracleUpdate, at now: Timestamp) -> Verdict {
        let index = Int(update.feed.index)
        var verdict = Verdict()
        feeds[index].isHeard = true
        if let (exclusion, rejection) = refusal(of: update, feed: index) {
            verdict.rejection = rejection
            if feeds[index].exclusion != exclusion {
                verdict.signals.append(signal(for: exclusion, asset: tables.terms[index].asset, rejection.message))
            }
            feeds[index].exclusion = exclusion
        } else {
            feeds[index].price = update.price
            feeds[index].time = update.publishTime ?? now
            feeds[index].exclusion = nil
        }
        reprice(tables.terms[index].asset, at: now, movingTWAP: verdict.rejection == nil, signals: &verdict.signals)
        return verdict
    }

    /// Reprices every asset a feed of which has crossed a staleness limit by `now`; returns the signals raised.
    public mutating func advance(to now: Timestamp) -> [Signal] {
        guard now > nextChange else { return [] }
        var signals: [Signal] = []
        for asset in assets.indices where now > assets[asset].changesAt {
            reprice(asset, at: now, movingTWAP: false, signals: &signals)
        }
        return signals
    }

    /// Clears a tripped feed so its next update is judged afresh (the next price is not compared with the last).
    public mutating func reset(_ feed: FeedID, at now: Timestamp) -> [Signal] {
        let index = Int(feed.index)
        guard feeds[index].exclusion == .jumpTripped else { return [] }
        feeds[index].exclusion = nil
        feeds[index].price = nil
        var signals: [Signal] = []
        reprice(tables.terms[index].asset, at: now, movingTWAP: false, signals: &signals)
        return signals
    }

    /// Why an update must be refused, in Drift's order of severity; `nil` when it passes.
    private func refusal(of update: OracleUpdate, feed index: Int) -> (FeedExclusion, Rejection)? {
        let name = tables.terms[index].name
        let price = update.price
        guard price.isPositive else {
            return (.nonPositive, Rejection(.noPrice, "feed \(name) reported a non-positive price \(price)"))
        }
        if feeds[index].exclusion == .jumpTripped {
            return (.jumpTripped, Rejection(.oracleJump, "feed \(name) is tripped by a jump and stays out until reset"))
        }
        if let last = feeds[index].price {
            let (low, high) = last < price ? (last, price) : (price, last)
            // If the product does not fit, no price can reach it.
            if !tables.bounds.jump.surelyBelow(Wad(raw: high.raw - low.raw), of: low),
                let threshold = try? low.multiplied(by: tables.settings.jumpFactor, rounding: .up), high >= threshold
            {
                let message =
                    "feed \(name) moved from \(last) to \(price), at least the jump factor \(tables.settings.jumpFactor)"
                return (.jumpTripped, Rejection(.oracleJump, message))
            }
        }
        if let confidence = update.confidence, !tables.bounds.confidence.surelyWithin(confidence, of: price),
            let limit = try? price.multiplied(by: tables.settings.maxConfidenceRatio, rounding: .down),
            confidence > limit
        {
            let message =
                "feed \(name) reported \(price) ± \(confidence), wider than \(tables.settings.maxConfidenceRatio) of the price"
            return (.tooUncertain, Rejection(.oracleUncertain, message))
        }
        if let floor = tables.terms[index].minAnswer, price <= floor {
            let message = "feed \(name) reported \(price), at its floor \(floor): the true price may be anywhere below"
            return (.atBound, Rejection(.oracleAtBound, message))
        }
        if let ceiling = tables.terms[index].maxAnswer, price >= ceiling {
            let message =
                "feed \(name) reported \(price), at its ceiling \(ceiling): the true price may be anywhere above"
            return (.atBound, Rejection(.oracleAtBound, message))
        }
        return nil
    }

    /// A refused feed: a warning, except a too-uncertain print, which is routine for a feed in a fast market and
    /// only informs (a price the asset then loses raises its own warning).
    private func signal(for exclusion: FeedExclusion, asset: Int, _ evidence: String) -> Signal {
        let (kind, severity): (Signal.Kind, Signal.Severity) =
            switch exclusion {
            case .nonPositive: (.oracleInvalid, .warning)
            case .tooUncertain: (.oracleUncertain, .info)
            case .atBound: (.oracleAtBound, .warning)
            case .jumpTripped: (.oracleJump, .warning)
            }
        return Signal(kind: kind, scope: .asset(AssetID(asset)), severity: severity, evidence: evidence)
    }

    /// Moves ``nextChange`` to the earliest asset's.
    mutating func updateNextChange() {
        var earliest = Timestamp(milliseconds: .max)
        for asset in assets where asset.changesAt < earliest { earliest = asset.changesAt }
        nextChange = earliest
    }
}
