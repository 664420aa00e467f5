public import BreakwaterCore

/// An outflow limit for one pool and asset, after the ERC-7265 "decrease limiter".
///
/// The main allowance is `max_share × liquidity`; what was used of it comes back linearly over the refill time.
/// Inflows fill a separate buffer that shrinks linearly to nothing over the decay time after the latest inflow, so a flash deposit can
/// lend its own size to the allowance only briefly and never raises the main allowance. A request strictly larger
/// than what is available is refused; below ``OutflowLimitSettings/minimumLiquidity`` no limit applies.
public struct OutflowLimiter: Sendable {
    public let settings: OutflowLimitSettings
    public private(set) var used: Wad = .zero
    public private(set) var inflowBuffer: Wad = .zero
    /// Whether the limit has refused something and has not fully refilled since.
    public private(set) var isLimiting = false
    private var lastUpdate: Timestamp?
    private var inflowBufferEmptyAt = Timestamp(milliseconds: .min)

    public init(settings: OutflowLimitSettings) {
        self.settings = settings
    }

    /// What may leave now, given the pool's current liquidity in the asset; `nil` when no limit applies.
    public mutating func available(liquidity: Wad, at now: Timestamp) throws(MoneyError) -> Wad? {
        guard settings.isEnabled, liquidity >= settings.minimumLiquidity else { return nil }
        let allowance = try liquidity.multiplied(by: settings.maxShare, rounding: .down)
        try decay(to: now, allowance: allowance)
        return try Wad.max(.zero, allowance.subtracting(used)).adding(inflowBuffer)
    }

    /// Records an accepted outflow: it uses the inflow buffer first, then the main allowance.
    public mutating func recordOutflow(_ amount: Wad) throws(MoneyError) {
        let fromBuffer = Wad.min(amount, inflowBuffer)
        inflowBuffer = try inflowBuffer.subtracting(fromBuffer)
        used = try used.adding(amount.subtracting(fromBuffer))
    }

    /// Records an inflow into the separate, decaying buffer.
    public mutating func recordInflow(_ amount: Wad, at now: Timestamp) throws(MoneyError) {
        try decay(to: now, allowance: nil)
        inflowBuffer = try inflowBuffer.adding(amount)
        inflowBufferEmptyAt = now.advanced(by: settings.inflowDecayMilliseconds)
    }

    /// Marks the limit as refusing; returns `true` the first time, when the action is to be announced.
    public mutating func markLimiting() -> Bool {
        defer { isLimiting = true }
        return !isLimiting
    }

    /// Ends the limiting state once the allowance has fully refilled; returns `true` when it ended now.
    public mutating func clearIfRefilled() -> Bool {
        guard isLimiting, used.isZero else { return false }
        isLimiting = false
        return true
    }

    private mutating func decay(to now: Timestamp, allowance: Wad?) throws(MoneyError) {
        let elapsed = max(0, now.milliseconds(since: lastUpdate ?? now))
        lastUpdate = now
        guard elapsed > 0 else { return }
        if let allowance, used.isPositive {
            let refill = try allowance.scaled(by: Wad(elapsed), over: Wad(settings.refillMilliseconds), rounding: .down)
            used = Wad.max(.zero, try used.subtracting(refill))
        }
        if inflowBuffer.isPositive {
            // Linear to zero at `inflowBufferEmptyAt`, whatever the times it is looked at.
            let remaining = max(0, inflowBufferEmptyAt.milliseconds(since: now))
            let span = remaining + elapsed
            inflowBuffer = try inflowBuffer.scaled(by: Wad(remaining), over: Wad(span), rounding: .down)
        }
    }
}
