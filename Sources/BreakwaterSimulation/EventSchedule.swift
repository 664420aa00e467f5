public import BreakwaterCore

/// Collects simulated events in any order and yields them sorted by time, ties in the order they were added.
public struct EventSchedule: Sendable {
    private var entries: [(event: Event, order: Int)] = []
    /// The accounts the events name, interned as they are first scheduled.
    public private(set) var accounts = AccountDirectory()
    /// The market's own price of each simulated asset at the end, by name: what an experiment values losses at,
    /// whatever the feeds said.
    public var closingPrices: [String: Double] = [:]

    public init() {}

    public mutating func account(_ name: String) -> AccountID { accounts.intern(name) }

    public mutating func add(_ payload: Event.Payload, at time: Timestamp, provenance: Event.Provenance? = nil) {
        entries.append((Event(timestamp: time, provenance: provenance, payload: payload), entries.count))
    }

    /// The events in stream order.
    public func events() -> [Event] {
        entries.sorted { lhs, rhs in
            lhs.event.timestamp == rhs.event.timestamp
                ? lhs.order < rhs.order : lhs.event.timestamp < rhs.event.timestamp
        }.map(\.event)
    }
}

extension Wad {
    /// A simulated price or size, kept to 8 significant decimals so it prints as a plain decimal.
    init(approximating value: Double) {
        self.init(raw: Int128((value * 1e8).rounded()) * 10_000_000_000)
    }
}
