public import BreakwaterCore

/// An outflow limit for one pool and asset, after the ERC-7265 "decrease limiter".
///
/// The main allowance is `max_share × (liquidity − inflow buffer)`: liquidity that just arrived does not count.
/// What was used of the allowance comes back linearly over the refill time. Inflows fill a separate buffer that
/// shrinks linearly to nothing over the decay time after the latest inflow, so a flash deposit can take out at most
/// its own size, only briefly, and never raises the main allowance. A request strictly larger than what is
/// available is refused. No limit applies to an empty pool or below ``OutflowLimitSettings/minimumLiquidity``.
public struct OutflowLimiter: Sendable, Codable {
    public private(set) var settings: OutflowLimitSettings
    public private(set) var used: Wad = .zero
    public private(set) var inflowBuffer: Wad = .zero
    /// Whether the limit has refused something and has not been quiet for a refill time since.
    public private(set) var isLimiting = false
    /// The allowance last computed; refills between two looks at the limiter use it.
    private var allowance: Wad = .zero
    private var lastUpdate: Timestamp?
    private var lastRefusal: Timestamp?
    private var inflowBufferEmptyAt = Timestamp(milliseconds: .min)

    public init(settings: OutflowLimitSettings) {
        self.settings = settings
    }

    /// Sets the share of the pool's liquidity that may leave per refill period (a governance change).
    public mutating func setMaxShare(_ share: Wad) {
        settings.maxShare = share
    }

    /// What may leave now, given the pool's current liquidity in the asset; `nil` when no limit applies.
    public mutating func available(liquidity: Wad, at now: Timestamp) throws(MoneyError) -> Wad? {
        guard settings.isEnabled, liquidity.isPositive, liquidity >= settings.minimumLiquidity else { return nil }
        try decay(to: now)
        let settled = Wad.max(.zero, try liquidity.subtracting(inflowBuffer))
        allowance = try settled.multiplied(by: settings.maxShare, rounding: .down)
        used = Wad.min(used, allowance)
        return try allowance.subtracting(used).adding(inflowBuffer)
    }

    /// Records an accepted outflow: it uses the inflow buffer first, then the main allowance.
    public mutating func recordOutflow(_ amount: Wad) throws(MoneyError) {
        let fromBuffer = Wad.min(amount, inflowBuffer)
        inflowBuffer = try inflowBuffer.subtracting(fromBuffer)
        used = try used.adding(amount.subtracting(fromBuffer))
    }

    /// Records an inflow into the separate, decaying buffer.
    public mutating func recordInflow(_ amount: Wad, at now: Timestamp) throws(MoneyError) {
        try decay(to: now)
        inflowBuffer = try inflowBuffer.adding(amount)
        inflowBufferEmptyAt = now.advanced(by: settings.inflowDecayMilliseconds)
    }

    /// Records a refusal; returns `true` when the limit starts limiting, which is when the action is announced.
    public mutating func markLimiting(at now: Timestamp) -> Bool {
        lastRefusal = now
        defer { isLimiting = true }
        return !isLimiting
    }

    /// Ends the limiting state once nothing was refused for a whole refill time and the allowance is unused;
    /// returns `true` when it ended now.
    public mutating func clearIfRefilled(at now: Timestamp) -> Bool {
        guard isLimiting, used.isZero, let lastRefusal,
            now.milliseconds(since: lastRefusal) >= settings.refillMilliseconds
        else { return false }
        isLimiting = false
        return true
    }

    /// Refills the allowance and drains the inflow buffer for the time since the last look.
    private mutating func decay(to now: Timestamp) throws(MoneyError) {
        let elapsed = max(0, now.milliseconds(since: lastUpdate ?? now))
        lastUpdate = now
        guard elapsed > 0 else { return }
        if used.isPositive {
            let refill = try allowance.scaled(by: Wad(elapsed), over: Wad(settings.refillMilliseconds), rounding: .down)
            used = Wad.max(.zero, try used.subtracting(refill))
        }
        if inflowBuffer.isPositive {
            // Linear to zero at `inflowBufferEmptyAt`, whatever the times it is looked at.
            let remaining = max(0, inflowBufferEmptyAt.milliseconds(since: now))
            inflowBuffer = try inflowBuffer.scaled(by: Wad(remaining), over: Wad(remaining + elapsed), rounding: .down)
        }
    }
}
