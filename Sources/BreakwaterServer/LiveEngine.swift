public import BreakwaterEngine
public import BreakwaterForensics
import BreakwaterCore
import BreakwaterResponse
import Foundation

/// The engine as a service runs it: lines from a source go through a ``Replay`` (the engine and its hash chain),
/// the journal is written as they go, and what happens is published to the live feed and the status.
///
/// One actor owns the engine, so its decisions come in stream order whatever the number of HTTP clients. The status
/// and health are rebuilt at most every `statusInterval` and published on ``board``, which readers read without
/// waiting for the actor.
public actor LiveEngine {
    private var replay: Replay
    private var session: JournalSession?
    /// Stream lines the journal's restored snapshot covers: they are read past, not decided again.
    private let skippedLines: Int
    private var lineNumber = 0
    private var feed = FeedBuffer(capacity: 4_096)
    private var subscribers: [Int: AsyncStream<FeedBatch>.Continuation] = [:]
    /// Items of the decision being published, sent together when it is done.
    private var outgoing: [FeedItem] = []
    private var nextSubscriber = 0
    private let sourceName: String
    private var isQuiet = false
    private var lastEventAt: Int64?
    /// When the source last gave a line: the service's clock, which the engine never reads.
    private var lastIngest = ContinuousClock.now
    /// Where the latest status is published for readers.
    public nonisolated let board = StatusBoard()
    /// The metrics, updated with the status.
    public nonisolated let metrics: LiveMetrics
    /// Whether something changed since the status was last published, and when that was.
    private var isStatusStale = true
    private var statusPublished: ContinuousClock.Instant?
    private let statusInterval: Duration
    /// Stopping: a new feed subscription gets what is kept and ends.
    private var isFinished = false

    /// - Parameters:
    ///   - replay: the replay to feed, not fed yet.
    ///   - session: its journal, when there is one; a resumed session's snapshot skips the lines it covers.
    ///   - source: how the status names the source.
    public init(replay: Replay, session: JournalSession?, source: String, statusInterval: Duration = .milliseconds(100)) {
        self.replay = replay
        self.session = session
        skippedLines = session?.resumeLine ?? 0
        sourceName = source
        self.statusInterval = statusInterval
        let config = replay.engine.config
        metrics = LiveMetrics(markets: config.markets.map(\.name), pools: config.pools.map(\.name))
    }

    /// Decides one line of the stream, publishes its signals, actions and incident steps, and writes the journal
    /// when a batch is due.
    ///
    /// - Returns: whether the run has caught up with the journal it resumed (always, for a new journal): the
    ///   lines before are decided again to check them, and need no pacing.
    /// - Throws: ``JournalError`` when the journal cannot be written or this run is not the one it holds.
    @discardableResult
    public func ingest(_ line: [UInt8]) async throws(JournalError) -> Bool {
        lineNumber += 1
        lastIngest = .now
        guard lineNumber > skippedLines else { return false }
        if isQuiet { setQuiet(false) }
        let decided = line.withUnsafeBufferPointer { bytes in try? replay.decide(line: bytes, number: lineNumber) }
        if let (event, decision) = decided ?? nil {
            lastEventAt = event.timestamp.milliseconds
            if decision.hasSignalsOrActions { publish(decision, for: event) }
        }
        // Even an unreadable line changes the counts.
        isStatusStale = true
        if statusPublished.map({ ContinuousClock.now - $0 >= statusInterval }) ?? true { refreshStatus() }
        if session?.isDue(replay) == true { try await flushJournal() }
        return replay.journal.count >= (session?.resumedAfter ?? 0)
    }

    /// Marks the source quiet when nothing came for longer than `limit`.
    ///
    /// - Returns: whether it has just gone quiet.
    public func checkQuiet(after limit: Duration) -> Bool {
        guard !isQuiet, ContinuousClock.now - lastIngest > limit else { return false }
        setQuiet(true)
        return true
    }

    /// Writes what the journal has not stored yet.
    public func flushJournal() async throws(JournalError) {
        // The records are taken now, on the actor; the write waits without holding the replay.
        guard var journal = session else { return }
        let batch = try journal.takeBatch(&replay)
        try await journal.write(batch)
        session = journal
    }

    /// Writes the rest of the journal and ends every feed subscription: the service is stopping.
    public func finish() async throws(JournalError) {
        isFinished = true
        defer {
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
        refreshStatus()
        try session?.checkFinished(replay)
        try await flushJournal()
    }

    /// Marks the source quiet (no event for longer than its limit) or heard again, and says so on the feed.
    public func setQuiet(_ quiet: Bool) {
        guard quiet != isQuiet else { return }
        isQuiet = quiet
        isStatusStale = true
        refreshStatus()
        let state = quiet ? "quiet" : "resumed"
        broadcast(event: "source", data: #"{"source":\#(Self.jsonString(sourceName)),"state":"\#(state)"}"#)
        send()
    }

    // MARK: Reading

    /// Publishes the status and health on ``board`` if anything changed since the last time.
    public func refreshStatus() {
        guard isStatusStale else { return }
        isStatusStale = false
        statusPublished = .now
        let status = buildStatus()
        board.publish(status: Array(ReportJSON.line(of: status).utf8), health: healthSummary())
        let counts = replay.counts
        metrics.update(status, signals: counts.signals, actions: counts.actions, subscribers: subscribers.count)
    }

    /// `GET /api/status` as JSON bytes, up to date.
    public func status() -> [UInt8] {
        refreshStatus()
        return board.status
    }

    /// `GET /api/health`.
    public func healthSummary() -> Health {
        Health(status: isQuiet ? "quiet" : "ok", source: sourceName, quiet: isQuiet, events: replay.counts.lines, journalHead: replay.journal.head)
    }

    /// Every incident, newest first.
    public func incidents() -> [ReplayReport.IncidentEntry] { replay.incidentEntries.reversed() }

    /// One incident by id, with its timeline (its signals and actions).
    public func incident(_ id: String) -> ReplayReport.IncidentEntry? { replay.incidentEntries.first { $0.id == id } }

    /// The latest `limit` actions, newest first.
    public func actions(limit: Int) -> [ReplayReport.ActionEntry] { replay.latestActions(limit).reversed() }

    /// The journal's head and how many records it has, stored and pending.
    public func journal() -> LiveStatus.Journal {
        LiveStatus.Journal(head: replay.journal.head, records: replay.journal.count, pending: replay.journal.keptCount)
    }

    /// The feed: first the kept items after `lastID` (a reconnecting client's `Last-Event-ID`), then every new one,
    /// in batches (one decision's items together). A client that reads too slowly loses the oldest batches it has
    /// not read.
    public func subscribe(after lastID: Int?) -> AsyncStream<FeedBatch> {
        let (stream, continuation) = AsyncStream<FeedBatch>.makeStream(bufferingPolicy: .bufferingNewest(1_024))
        let backlog = feed.items(after: lastID ?? feed.lastID)
        if !backlog.isEmpty { continuation.yield(FeedBatch(backlog)) }
        guard !isFinished else {
            continuation.finish()
            return stream
        }
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// How many clients follow the feed.
    public var subscriberCount: Int { subscribers.count }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    // MARK: Publishing

    private func publish(_ decision: Decision, for event: Event) {
        let (signals, actions) = replay.entries(of: decision, for: event)
        for signal in signals { broadcast(event: "signal", data: ReportJSON.line(of: signal)) }
        for action in actions { broadcast(event: "action", data: ReportJSON.line(of: action)) }
        let touched = Set(decision.incidentSteps.map(\.incident))
        for incident in replay.incidentEntries where touched.contains(incident.id) {
            broadcast(event: "incident", data: ReportJSON.line(of: incident))
        }
        send()
    }

    private func broadcast(event: String, data: String) {
        outgoing.append(feed.append(event: event, data: data))
    }

    /// Sends the items broadcast since the last send, as one batch to every subscriber.
    private func send() {
        guard !outgoing.isEmpty else { return }
        let batch = FeedBatch(outgoing)
        outgoing.removeAll(keepingCapacity: true)
        for continuation in subscribers.values { continuation.yield(batch) }
    }

    private func buildStatus() -> LiveStatus {
        let engine = replay.engine
        let config = engine.config
        let counts = replay.counts
        let pools = config.poolIDs.map { pool in
            LiveStatus.Pool(
                name: config.pool(pool).name,
                paused: engine.containment.pause(of: pool)?.reason,
                markets: config.markets(in: pool).map { market in
                    let band = engine.bands[Int(market.index)]
                    let state =
                        band.isHalted || engine.containment.isHalted(market) ? "halted"
                        : band.isReduceOnly ? "limited" : engine.containment.isReduceOnly(market) ? "reduce_only" : "normal"
                    return LiveStatus.Market(name: config.market(market).name, state: state, price: engine.prices.mark(of: market)?.description)
                }
            )
        }
        return LiveStatus(
            source: .init(name: sourceName, quiet: isQuiet, lastEventAt: lastEventAt),
            events: .init(read: counts.lines, accepted: counts.accepted, rejected: counts.rejected, errors: counts.errors),
            journal: journal(),
            pools: pools,
            incidents: incidents(),
            actions: actions(limit: 20)
        )
    }

    private static func jsonString(_ text: String) -> String { ReportJSON.line(of: [text]).dropFirst().dropLast().description }
}
