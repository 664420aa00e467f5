import BreakwaterCore
public import BreakwaterEngine
public import BreakwaterPipeline
public import BreakwaterReportKit
import BreakwaterResponse

/// `GET /api/status`: what the protocol looks like now, for the status page and for scripts (documented in
/// `docs/service.md`). A missing value is written as `null`, so every key is always there.
public struct LiveStatus: Encodable, Sendable {
    public var source: Source
    public var events: Events
    public var journal: JournalState
    public var pools: [Pool]
    /// Every incident, newest first.
    public var incidents: [ReplayReport.IncidentEntry]
    /// The latest actions, newest first.
    public var actions: [ReplayReport.ActionEntry]

    public struct Source: Encodable, Sendable {
        public var name: String
        /// No event for longer than the source's quiet limit: the engine cannot defend what it cannot see.
        public var quiet: Bool
        /// The time of the last event, in milliseconds since the epoch (event time, not the wall clock).
        @NullEncoded public var lastEventAt: Int64?

        enum CodingKeys: String, CodingKey {
            case name, quiet
            case lastEventAt = "last_event_at"
        }
    }

    public struct Events: Codable, Sendable {
        public var read: Int
        public var accepted: Int
        public var rejected: Int
        public var errors: Int
    }

    public struct Pool: Encodable, Sendable {
        public var name: String
        /// `null`, or why the pool is paused.
        @NullEncoded public var paused: String?
        /// What has left the pool so far (`total`) and what was blocked, by asset, as decimal strings.
        public var outflows: [String: ReplayReport.PoolFlow]
        public var markets: [Market]
    }

    public struct Market: Encodable, Sendable {
        public var name: String
        /// `normal`, `limited` (reduce-only by the price band), `reduce_only`, `halted`.
        public var state: MarketState
        /// The guarded mark price, when there is one.
        @NullEncoded public var price: String?
    }
}

extension LiveStatus {
    /// The status of the pipeline `view` shows: its pools with their outflows and markets, its incidents and its
    /// latest actions.
    init(_ view: LiveView) {
        let replay = view.replay
        let engine = replay.engine
        let config = engine.config
        let counts = replay.counts
        pools = config.poolIDs.map { pool in
            Pool(
                name: config.pool(pool).name,
                paused: engine.containment.pause(of: pool)?.reason,
                outflows: replay.outflows(of: pool),
                markets: config.markets(in: pool).map { market in
                    Market(
                        name: config.market(market).name,
                        state: engine.marketState(of: market),
                        price: engine.prices.mark(of: market)?.description
                    )
                }
            )
        }
        source = Source(name: view.source, quiet: view.isQuiet, lastEventAt: view.lastEventAt)
        events = Events(read: counts.lines, accepted: counts.accepted, rejected: counts.rejected, errors: counts.errors)
        journal = replay.journalState
        incidents = replay.incidentEntries.reversed()
        actions = replay.latestActions(20).reversed()
    }
}

/// `GET /api/health`: alive, with the counts a probe wants.
public struct Health: Codable, Sendable {
    public var status: String
    public var source: String
    public var quiet: Bool
    public var events: Int
    public var journalHead: String

    enum CodingKeys: String, CodingKey {
        case status, source, quiet, events
        case journalHead = "journal_head"
    }

    /// The health of the pipeline `view` shows.
    init(_ view: LiveView) {
        status = view.isQuiet ? "quiet" : "ok"
        source = view.source
        quiet = view.isQuiet
        events = view.replay.counts.lines
        journalHead = view.replay.journal.head
    }
}
