public import BreakwaterAlerting
import BreakwaterEngine
import BreakwaterReportKit
public import BreakwaterPipeline
import BreakwaterCore
import BreakwaterResponse
import Foundation

/// The engine as a service runs it: lines from a source go through a ``Replay`` (the engine and its hash chain),
/// the journal is written as they go, and what happens is published to the live feed and the status.
///
/// One actor owns the engine, so its decisions come in stream order whatever the number of HTTP clients. The status
/// and health are rebuilt at most every `statusInterval` and published on ``board``, which readers read without
/// waiting for the actor.
///
/// Lines from outside the source (posted governance actions, operators' notes, the service's own notes) are kept
/// in the journal's inbox with their place among the source's lines: a resumed run feeds them again there.
public actor LiveEngine {
    var replay: Replay
    var session: JournalSession?
    /// Stream lines the journal's restored snapshot covers: they are read past, not decided again.
    private let skippedLines: Int
    /// Lines decided or read past, from the source and the inbox together: the place of the last one.
    var lineNumber = 0
    /// The inbox a resumed journal holds, fed again in place; `inboxFed` of them so far.
    let storedInbox: [InboxLine]
    var inboxFed = 0
    /// Inbox lines decided whose write to the store has not returned: the journal waits for them.
    var unsavedInbox = 0
    /// Why an inbox line could not be kept: the journal then stops, so that it stays one a restart resumes.
    var inboxFailure: String?
    /// A batch is being written: another write waits, so batches reach the store in order.
    private var isFlushing = false
    var feed = FeedBuffer(capacity: 4_096)
    private var subscribers: [Int: AsyncStream<FeedBatch>.Continuation] = [:]
    /// Items of the decision being published, sent together when it is done.
    private var outgoing: [FeedItem] = []
    private var nextSubscriber = 0
    let sourceName: String
    var isQuiet = false
    /// Whether the first live line has checked for a source outage the journal left open.
    var hasCheckedOutage = false
    private var lastEventAt: Int64?
    /// When the source last gave a line: the service's clock, which the engine never reads.
    var lastIngest = ContinuousClock.now
    /// Where the latest status is published for readers.
    public nonisolated let board = StatusBoard()
    /// The metrics, updated with the status.
    public nonisolated let metrics: LiveMetrics
    /// Whether something changed since the status was last published, and when that was.
    var isStatusStale = true
    private var statusPublished: ContinuousClock.Instant?
    private let statusInterval: Duration
    /// Stopping: a new feed subscription gets what is kept and ends, a submission is refused.
    var isFinished = false
    /// Where incidents' steps go as alerts, when targets are configured.
    private var alerter: Alerter?

    /// - Parameters:
    ///   - replay: the replay to feed, not fed yet.
    ///   - session: its journal, when there is one; a resumed session's snapshot skips the lines it covers.
    ///   - inbox: the journal's inbox, when it is resumed.
    ///   - source: how the status names the source.
    public init(
        replay: Replay,
        session: JournalSession?,
        inbox: [InboxLine] = [],
        source: String,
        statusInterval: Duration = .milliseconds(100)
    ) {
        self.replay = replay
        self.session = session
        storedInbox = inbox
        skippedLines = session?.resumeLine ?? 0
        sourceName = source
        self.statusInterval = statusInterval
        let config = replay.engine.config
        metrics = LiveMetrics(markets: config.markets.map(\.name), pools: config.pools.map(\.name))
    }

    /// Decides one line of the source, publishes its signals, actions and incident steps, and writes the journal
    /// when a batch is due.
    ///
    /// - Returns: whether the run has caught up with the journal it resumed (always, for a new journal): the
    ///   lines before are decided again to check them, and need no pacing.
    /// - Throws: ``JournalError`` when the journal cannot be written or this run is not the one it holds.
    @discardableResult
    public func ingest(_ line: [UInt8]) async throws(JournalError) -> Bool {
        lastIngest = .now
        feedInbox()
        if isQuiet || isLive && !hasCheckedOutage { await sourceSpeaks() }
        decide(line)
        if statusPublished.map({ ContinuousClock.now - $0 >= statusInterval }) ?? true { refreshStatus() }
        if session?.isDue(replay) == true { try await flushJournal() }
        return isCaughtUp
    }

    /// Whether the run has decided every record the resumed journal held.
    var isCaughtUp: Bool { replay.journal.count >= (session?.resumedAfter ?? 0) }

    /// Whether the run is past everything the resumed journal held (its records, its snapshot's lines, its inbox):
    /// what it decides from now on is new, and it may take lines from outside its source.
    var isLive: Bool { isCaughtUp && lineNumber >= skippedLines && inboxFed == storedInbox.count }

    /// Decides a line from the source or the inbox, unless a restored snapshot covers it, and publishes what the
    /// engine did.
    ///
    /// - Returns: the event and its decision; `nil` for a line read past, blank or unreadable.
    @discardableResult
    func decide(_ line: [UInt8]) -> (Event, Decision)? {
        lineNumber += 1
        guard lineNumber > skippedLines else { return nil }
        // Even an unreadable line changes the counts.
        isStatusStale = true
        let number = lineNumber
        guard let (event, decision) = line.withUnsafeBufferPointer({ bytes in try? replay.decide(line: bytes, number: number) }) ?? nil
        else { return nil }
        lastEventAt = event.timestamp.milliseconds
        if decision.hasSignalsOrActions || !decision.incidentSteps.isEmpty { publish(decision, for: event) }
        return (event, decision)
    }

    /// Writes what the journal has not stored yet, unless an inbox line decided before it is still being stored or
    /// another write is under way.
    ///
    /// - Throws: ``JournalError`` when the store fails, the run is not the one the journal holds, or an inbox line
    ///   could not be kept (the journal stops there rather than hold an event a restart could not place).
    public func flushJournal() async throws(JournalError) {
        if let inboxFailure {
            throw JournalError(.storage, "the journal stops: a line the service took could not be kept in its inbox (\(inboxFailure))")
        }
        guard unsavedInbox == 0, !isFlushing, let journal = session else { return }
        isFlushing = true
        defer { isFlushing = false }
        // The records are taken now, on the actor; the write waits without holding the replay. It runs as a task
        // of its own, which the caller's cancellation (a stopping watchdog) does not reach: records taken are
        // records written.
        let batch = try journal.takeBatch(&replay)
        let (written, failure) = await Task { () async -> (JournalSession, JournalError?) in
            var journal = journal
            do throws(JournalError) {
                try await journal.write(batch)
                return (journal, nil)
            } catch {
                return (journal, error)
            }
        }.value
        session = written
        if let failure { throw failure }
    }

    /// Sends incidents' steps from now on to `alerter`; what is already decided counts as alerted. An alert it
    /// cannot deliver comes back as an `alert_failed` note in the journal.
    public func send(alertsTo alerter: Alerter) {
        for incident in replay.incidentEntries { alerter.prime(incident) }
        self.alerter = alerter
    }

    /// Writes the rest of the journal and ends every feed subscription: the service is stopping. Alerts still
    /// going out get up to `alertGrace` first, so one that fails still reaches the journal.
    public func finish(alertGrace: Duration = .seconds(5)) async throws(JournalError) {
        if let alerter {
            alerter.shutdown()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await alerter.drain() }
                group.addTask { try? await Task.sleep(for: alertGrace) }
                await group.next()
                group.cancelAll()
            }
        }
        isFinished = true
        defer {
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
        // A submission being stored and a batch being written finish first (for at most ten seconds).
        for _ in 0 ..< 2_000 where unsavedInbox > 0 || isFlushing { try? await Task.sleep(for: .milliseconds(5)) }
        refreshStatus()
        try session?.checkFinished(replay)
        try await flushJournal()
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

    /// The governance state: guardians, proposals and their state, pauses.
    public func governance() -> GovernanceStatus {
        GovernanceStatus(engine: replay.engine, at: replay.engine.lastTimestamp?.milliseconds ?? 0)
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
            // A step the resumed journal held was alerted when it was first decided.
            if isLive { alerter?.notify(incident) } else { alerter?.prime(incident) }
        }
        send()
    }

    func broadcast(event: String, data: String) {
        outgoing.append(feed.append(event: event, data: data))
    }

    /// Sends the items broadcast since the last send, as one batch to every subscriber.
    func send() {
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
                outflows: replay.outflows(of: pool),
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

    static func jsonString(_ text: String) -> String { ReportJSON.line(of: [text]).dropFirst().dropLast().description }
}
