public import BreakwaterCore

/// A market's price band breaker: normal → limited → halted → normal.
///
/// The reference is an exponentially weighted average of the guarded price with a half-life in event time.
/// A price strictly outside `reference × (1 ± width)` (exactly on the edge is inside) enters the limit state and
/// freezes the reference. Back inside, the market resumes; still outside after the limit time, it halts. A halt
/// lasts at least the halt time and ends when the price is back inside the band, or has settled: stayed inside the
/// band around a second average that follows the price during the halt for a whole halt time; that average then
/// becomes the reference. (A price held at a manipulated level that long re-anchors the band: the outflow limit
/// is the second line of defence.)
public struct PriceBand: Sendable, Codable {
    public private(set) var settings: PriceBandSettings
    public private(set) var state: State = .normal
    public private(set) var reference: Wad?
    private var settledReference: Wad?
    private var settledSince: Timestamp?
    private var lastPrice: Wad?
    private var lastUpdate: Timestamp?
    private var decay: DecayWeight

    public enum State: Sendable, Hashable, Codable {
        case normal
        case limited(since: Timestamp)
        case halted(since: Timestamp)
    }

    /// A state change and why it happened.
    public struct Transition: Sendable, Hashable {
        public var action: Action.Kind
        public var reason: String
        /// Whether the market leaves a halt: its liquidation grace period starts.
        public var endsHalt = false
    }

    public init(settings: PriceBandSettings) {
        self.settings = settings
        decay = DecayWeight(halfLifeMilliseconds: settings.referenceHalfLifeMilliseconds)
    }

    /// Sets the band's width around its reference (a governance change); the state changes at the next price.
    public mutating func setWidth(_ width: Wad) {
        settings.width = width
    }

    /// Whether trades that grow exposure are refused (limit state) or all trades are (halt).
    public var isReduceOnly: Bool { if case .limited = state { true } else { false } }
    public var isHalted: Bool { if case .halted = state { true } else { false } }
    public var isNormal: Bool { state == .normal }

    /// Feeds a new guarded price and returns the state change it causes, if any.
    public mutating func observe(_ price: Wad, at now: Timestamp) -> Transition? {
        guard settings.isEnabled else { return nil }
        defer {
            lastPrice = price
            lastUpdate = now
        }
        guard let reference else {
            self.reference = price
            return nil
        }
        switch state {
        case .normal:
            if !Self.isInside(price, around: reference, width: settings.width) {
                state = .limited(since: now)
                return Transition(
                    action: .limitState,
                    reason: Self.deviation(price, from: reference, width: settings.width)
                )
            }
            self.reference = Self.average(
                reference,
                price,
                weight: decay.weight(after: now.milliseconds(since: lastUpdate ?? now))
            )
        case .limited:
            settledReference = nil
        case .halted:
            let settled = Self.average(
                settledReference ?? price,
                price,
                weight: decay.weight(after: now.milliseconds(since: lastUpdate ?? now))
            )
            settledReference = settled
            settledSince = Self.isInside(price, around: settled, width: settings.width) ? (settledSince ?? now) : nil
        }
        return evaluate(price: price, at: now)
    }

    /// Lets time pass without a new price: a limit state can turn into a halt, a halt can end.
    public mutating func advance(to now: Timestamp) -> Transition? {
        guard settings.isEnabled, let lastPrice, state != .normal else { return nil }
        return evaluate(price: lastPrice, at: now)
    }

    /// Ends a limit state or a halt at `price`, which becomes the reference: a move the whole market confirms settles
    /// the band at its new level instead of halting it again and again.
    public mutating func settle(at price: Wad, because cause: String) -> Transition {
        let wasHalted = isHalted
        state = .normal
        reference = price
        settledReference = nil
        settledSince = nil
        return Transition(action: .resume, reason: "settled at \(price) (\(cause)): new reference", endsHalt: wasHalted)
    }

    /// The price margin may use: the guarded price, clamped to the band while the market is not normal.
    public func marginPrice(for price: Wad) -> Wad {
        guard state != .normal, let reference,
            let (low, high) = try? Self.bounds(around: reference, width: settings.width)
        else { return price }
        return Wad.min(Wad.max(price, low), high)
    }

    private mutating func evaluate(price: Wad, at now: Timestamp) -> Transition? {
        guard let reference else { return nil }
        switch state {
        case .normal:
            return nil
        case .limited(let since):
            if Self.isInside(price, around: reference, width: settings.width) {
                state = .normal
                return Transition(action: .resume, reason: "price \(price) is back inside the band around \(reference)")
            }
            if now.milliseconds(since: since) >= settings.limitStateMilliseconds {
                state = .halted(since: now)
                settledReference = price
                settledSince = nil
                return Transition(
                    action: .halt,
                    reason: Self.deviation(price, from: reference, width: settings.width) + " beyond the limit time"
                )
            }
            return nil
        case .halted(let since):
            guard now.milliseconds(since: since) >= settings.haltMilliseconds else { return nil }
            if Self.isInside(price, around: reference, width: settings.width) {
                state = .normal
                return Transition(
                    action: .resume,
                    reason: "price \(price) is back inside the band around \(reference)",
                    endsHalt: true
                )
            }
            if let settled = settledReference, let settledSince,
                now.milliseconds(since: settledSince) >= settings.haltMilliseconds
            {
                state = .normal
                self.reference = settled
                return Transition(
                    action: .resume,
                    reason: "price settled at \(price); new reference \(settled)",
                    endsHalt: true
                )
            }
            return nil
        }
    }

    // The helpers are static: a non-mutating call from `observe` would copy the whole band to pass it.

    private static func bounds(around reference: Wad, width: Wad) throws -> (Wad, Wad) {
        let delta = try reference.multiplied(by: width, rounding: .down)
        return (try reference.subtracting(delta), try reference.adding(delta))
    }

    private static func isInside(_ price: Wad, around reference: Wad, width: Wad) -> Bool {
        guard let (low, high) = try? bounds(around: reference, width: width) else { return false }
        return low <= price && price <= high
    }

    private static func deviation(_ price: Wad, from reference: Wad, width: Wad) -> String {
        "price \(price) is outside ±\(width) of the reference \(reference)"
    }

    /// One step of the time-weighted average: `old + (new − old) × weight`, the weight `1 − 2^(−Δt / half-life)`.
    private static func average(_ old: Wad, _ new: Wad, weight: Double) -> Wad {
        // 0 ≤ weight ≤ 1, so the raw weight fits 64 bits (the conversion from Int64 is the fast one).
        let step = Wad(raw: Int128(Int64(weight * 1e18)))
        guard let move = try? new.subtracting(old).multiplied(by: step, rounding: .down),
            let result = try? old.adding(move)
        else { return new }
        return result
    }
}
