public import BreakwaterPipeline

/// `GET /api/status`: what the protocol looks like now, for the status page and for scripts (documented in
/// `docs/service.md`). A missing value is written as `null`, so every key is always there.
public struct LiveStatus: Codable, Sendable {
    public var source: Source
    public var events: Events
    public var journal: Journal
    public var pools: [Pool]
    /// Every incident, newest first.
    public var incidents: [ReplayReport.IncidentEntry]
    /// The latest actions, newest first.
    public var actions: [ReplayReport.ActionEntry]

    public struct Source: Codable, Sendable {
        public var name: String
        /// No event for longer than the source's quiet limit: the engine cannot defend what it cannot see.
        public var quiet: Bool
        /// The time of the last event, in milliseconds since the epoch (event time, not the wall clock).
        public var lastEventAt: Int64?

        enum CodingKeys: String, CodingKey {
            case name, quiet
            case lastEventAt = "last_event_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(quiet, forKey: .quiet)
            try container.encode(lastEventAt, forKey: .lastEventAt)
        }
    }

    public struct Events: Codable, Sendable {
        public var read: Int
        public var accepted: Int
        public var rejected: Int
        public var errors: Int
    }

    public struct Journal: Codable, Sendable {
        public var head: String
        public var records: Int
        /// Records kept in memory, not yet in the store.
        public var pending: Int
    }

    public struct Pool: Codable, Sendable {
        public var name: String
        /// `null`, or why the pool is paused.
        public var paused: String?
        /// What has left the pool so far (`total`) and what was blocked, by asset, as decimal strings.
        public var outflows: [String: ReplayReport.PoolFlow]
        public var markets: [Market]

        enum CodingKeys: String, CodingKey {
            case name, paused, outflows, markets
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(paused, forKey: .paused)
            try container.encode(outflows, forKey: .outflows)
            try container.encode(markets, forKey: .markets)
        }
    }

    public struct Market: Codable, Sendable {
        public var name: String
        /// `normal`, `limited` (reduce-only by the price band), `reduce_only`, `halted`.
        public var state: String
        /// The guarded mark price, when there is one.
        public var price: String?

        enum CodingKeys: String, CodingKey {
            case name, state, price
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(state, forKey: .state)
            try container.encode(price, forKey: .price)
        }
    }
}
