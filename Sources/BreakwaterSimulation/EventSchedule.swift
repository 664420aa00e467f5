public import BreakwaterCore

/// Collects simulated events in any order and yields them sorted by time, ties in the order they were added.
public struct EventSchedule: Sendable {
    private var entries: [Event] = []
    /// The accounts the events name, interned as they are first scheduled.
    public private(set) var accounts = AccountDirectory()
    /// The market's own price of each simulated asset at the end, by name: what an experiment values losses at,
    /// whatever the feeds said.
    public var closingPrices: [String: Double] = [:]

    public init() {}

    public mutating func account(_ name: String) -> AccountID { accounts.intern(name) }

    public mutating func add(_ payload: Event.Payload, at time: Timestamp, provenance: Event.Provenance? = nil) {
        entries.append(Event(timestamp: time, provenance: provenance, payload: payload))
    }

    /// The events in stream order.
    public func events() -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(entries.count)
        forEachEvent { events.append($0) }
        return events
    }

    /// Calls `body` with each event in stream order, without copying them all first.
    public func forEachEvent(_ body: (Event) throws -> Void) rethrows {
        // Sorting small keys is much cheaper than sorting the events themselves.
        for (_, index) in entries.indices.map({ (entries[$0].timestamp.milliseconds, $0) }).sorted(by: <) {
            try body(entries[index])
        }
    }
}

extension Wad {
    /// A simulated price or size, kept to 8 significant decimals so it prints as a plain decimal.
    init(approximating value: Double) {
        self.init(raw: Int128((value * 1e8).rounded()) * 10_000_000_000)
    }
}
