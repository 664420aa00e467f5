import BreakwaterCore

/// Market-minutes of downtime: a market is down while its trading is stopped (halted, or its pool or the protocol
/// paused), as the engine tells after each decision that takes actions.
struct Downtime {
    private var downSince: [Timestamp?]
    private var minutes = 0.0

    init(config: ProtocolConfig) {
        downSince = Array(repeating: nil, count: config.markets.count)
    }

    /// Takes the markets' state after a decision at `time`.
    mutating func update(at time: Timestamp, isStopped: (MarketID) -> Bool) {
        for market in downSince.indices {
            switch (downSince[market], isStopped(MarketID(market))) {
            case (nil, true): downSince[market] = time
            case (let since?, false):
                minutes += Double(time.milliseconds(since: since)) / 60_000
                downSince[market] = nil
            default: continue
            }
        }
    }

    /// The total, counting markets still down as down until `end`.
    func marketMinutes(until end: Timestamp) -> Double {
        downSince.reduce(minutes) { total, since in
            since.map { total + Double(end.milliseconds(since: $0)) / 60_000 } ?? total
        }
    }
}
