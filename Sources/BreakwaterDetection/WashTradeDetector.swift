import BreakwaterCore

/// Looks for opposite trades of similar size by two accounts in one market close in time (``WashTradeSettings``),
/// among the last few large trades of each market.
struct WashTradeDetector: Sendable, Codable {
    static let remembered = 16
    private(set) var settings: WashTradeSettings
    private var poolShare: Double
    private var tolerance: Double
    private var markets: [[LargeTrade]]

    private struct LargeTrade: Sendable, Codable {
        var account: AccountID
        /// Positive for a buy.
        var notional: Double
        var time: Timestamp
        var matched = false
    }

    init(settings: WashTradeSettings, marketCount: Int) {
        self.settings = settings
        poolShare = settings.poolShare.approximateDouble
        tolerance = settings.sizeTolerance.approximateDouble
        markets = Array(repeating: [], count: marketCount)
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: WashTradeSettings) {
        self.settings.poolShare = settings.poolShare
        self.settings.sizeTolerance = settings.sizeTolerance
        poolShare = settings.poolShare.approximateDouble
        tolerance = settings.sizeTolerance.approximateDouble
    }

    /// Checks a trade of signed notional (positive buys) against the market's recent large trades.
    mutating func observe(
        notional: Double,
        market: MarketID,
        pool: PoolID,
        poolValue: Double,
        account: AccountID,
        at now: Timestamp
    ) -> Signal? {
        guard settings.isEnabled, notional.magnitude >= poolShare * poolValue, poolValue > 0 else { return nil }
        let index = Int(market.index)
        var signal: Signal?
        for (position, earlier) in markets[index].enumerated().reversed()
        where !earlier.matched && earlier.account != account && (earlier.notional < 0) != (notional < 0)
            && now.milliseconds(since: earlier.time) <= settings.windowMilliseconds
        {
            let larger = Swift.max(earlier.notional.magnitude, notional.magnitude)
            guard (earlier.notional.magnitude - notional.magnitude).magnitude <= tolerance * larger else { continue }
            markets[index][position].matched = true
            let smaller = Swift.min(earlier.notional.magnitude, notional.magnitude)
            let severity: Signal.Severity = smaller >= 2 * poolShare * poolValue ? .critical : .warning
            let evidence =
                "a \(notional < 0 ? "sell" : "buy") of \(Evidence.amount(notional.magnitude)) notional offsets a "
                + "\(earlier.notional < 0 ? "sell" : "buy") of \(Evidence.amount(earlier.notional.magnitude)) by another "
                + "account \(now.milliseconds(since: earlier.time)) ms earlier; each is at least "
                + "\(Evidence.threshold(settings.poolShare)) of the pool's \(Evidence.amount(poolValue))"
            signal = Signal(
                kind: .washTrading,
                scope: .market(market, in: pool),
                severity: severity,
                evidence: evidence,
                accounts: [account, earlier.account]
            )
            break
        }
        if markets[index].count == Self.remembered { markets[index].removeFirst() }
        markets[index].append(LargeTrade(account: account, notional: notional, time: now, matched: signal != nil))
        return signal
    }
}
