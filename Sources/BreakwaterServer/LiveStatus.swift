import BreakwaterCore
public import BreakwaterEngine
public import BreakwaterPipeline
public import BreakwaterReportKit
import BreakwaterResponse

/// `GET /api/status`: what the protocol looks like now, for the status page and for scripts (documented in
/// `docs/service.md`). A missing value is written as `null`, so every key is always there.
public struct LiveStatus: Encodable, Sendable {
    /// The source: its name, whether it is quiet, and its last event's time.
    public var source: Source
    /// The lines read so far, by outcome.
    public var events: Events
    /// Where the journal stands, as `GET /api/journal` answers.
    public var journal: JournalState
    /// Every pool, with its outflows and its markets.
    public var pools: [Pool]
    /// Every incident, newest first.
    public var incidents: [ReplayReport.IncidentEntry]
    /// The latest actions, newest first.
    public var actions: [ReplayReport.ActionEntry]

    /// Where the events come from, and whether they still come.
    public struct Source: Encodable, Sendable {
        /// How the status names the source: `file events.jsonl`, `standard input`, `simulated`.
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

    /// The lines read so far, by outcome.
    public struct Events: Codable, Sendable {
        /// Lines read, bad ones included, blank ones not.
        public var read: Int
        /// Events the engine accepted.
        public var accepted: Int
        /// Events the engine refused.
        public var rejected: Int
        /// Lines that could not be read as an event.
        public var errors: Int
    }

    /// A pool as it stands: whether it is paused, what has left it, and its markets.
    public struct Pool: Encodable, Sendable {
        /// The pool's name.
        public var name: String
        /// `null`, or why the pool is paused.
        @NullEncoded public var paused: String?
        /// What has left the pool so far (`total`) and what was blocked, by asset, as decimal strings.
        public var outflows: [String: ReplayReport.PoolFlow]
        /// The bad debt its liquidations have left so far, a decimal string in its quote asset.
        public var badDebt: String
        /// The pool's markets.
        public var markets: [Market]

        enum CodingKeys: String, CodingKey {
            case name, paused, outflows, markets
            case badDebt = "bad_debt"
        }
    }

    /// A market as it stands: its trading state and its guarded mark price.
    public struct Market: Encodable, Sendable {
        /// The market's name.
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
                badDebt: engine.liquidations[Int(pool.index)].badDebt.description,
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
        actions = view.actions(limit: 20)
    }
}

/// `GET /api/health`: alive, with the counts a probe wants.
public struct Health: Codable, Sendable {
    /// `ok`, or `quiet` while the source is quiet.
    public var status: String
    /// How the status names the source.
    public var source: String
    /// Whether the source is quiet: no event for longer than its limit.
    public var quiet: Bool
    /// Lines read so far.
    public var events: Int
    /// The journal's head hash, as lowercase hexadecimal.
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
