import BreakwaterCore

/// A large inflow, borrow or trade and a large withdrawal by one account in one block or transaction
/// (``FlashLoanSettings``). Only accounts that just did something large are remembered, and not for long.
struct FlashLoanDetector: Sendable, Codable {
    private(set) var settings: FlashLoanSettings
    private var poolShare: Double
    private var recent: [AccountID: Entry] = [:]

    private struct Entry: Sendable, Codable {
        var origin: FlowOrigin
        var pool: PoolID
        var value: Double
        var what: String
    }

    init(settings: FlashLoanSettings) {
        self.settings = settings
        poolShare = settings.poolShare.approximateDouble
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: FlashLoanSettings) {
        self.settings.poolShare = settings.poolShare
        poolShare = settings.poolShare.approximateDouble
    }

    /// Remembers a large inflow, borrow or trade (`what` names it for the evidence).
    mutating func observeEntry(
        _ value: Double,
        what: @autoclosure () -> String,
        account: AccountID,
        pool: PoolID,
        poolValue: Double,
        origin: FlowOrigin
    ) {
        guard settings.isEnabled, value >= poolShare * poolValue, poolValue > 0 else { return }
        if recent.count >= 64 { forget(before: origin.time) }
        let value =
            recent[account].map {
                $0.origin.isClose(to: origin, window: settings.windowMilliseconds) ? $0.value + value : value
            } ?? value
        recent[account] = Entry(origin: origin, pool: pool, value: value, what: what())
    }

    /// Checks a withdrawal against the account's large entry, if it was in the same block or transaction.
    mutating func observeExit(
        _ value: Double,
        account: AccountID,
        pool: PoolID,
        poolValue: Double,
        origin: FlowOrigin
    ) -> Signal? {
        guard settings.isEnabled, !recent.isEmpty, let entry = recent[account], value >= poolShare * poolValue,
            entry.origin.isClose(to: origin, window: settings.windowMilliseconds)
        else { return nil }
        recent[account] = nil
        let severity: Signal.Severity = value > entry.value ? .critical : .warning
        let place =
            origin.transaction != nil
            ? "in one transaction"
            : origin.block != nil
                ? "in one block"
                : "within \(settings.windowMilliseconds) ms"
        let evidence =
            "\(entry.what) of \(Evidence.amount(entry.value)) and a withdrawal of \(Evidence.amount(value)) \(place), "
            + "each at least \(Evidence.threshold(settings.poolShare)) of the pool's \(Evidence.amount(poolValue))"
        return Signal(
            kind: .flashLoan,
            scope: Scope(pool: pool, account: account),
            severity: severity,
            evidence: evidence,
            accounts: [account]
        )
    }

    private mutating func forget(before now: Timestamp) {
        let horizon = Swift.max(settings.windowMilliseconds, 60_000)
        recent = recent.filter { now.milliseconds(since: $0.value.origin.time) <= horizon }
    }
}
