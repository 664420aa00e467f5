public import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
public import Logging

/// The pipeline as a service runs it: lines from a source go through a ``Replay`` (the engine and its hash chain),
/// the journal is written as they go, and each decision that raised a signal, took an action or moved an incident
/// goes to the sinks (the live feed, alerting).
///
/// One actor owns the engine, so its decisions come in stream order whatever the number of clients. The journal is
/// written here: a batch whenever one is full, and what is left once a flush interval while the service runs (the
/// pipeline is a `Service`, ``run()``), then the rest when it stops.
///
/// Lines from outside the source (posted governance actions, operators' notes, the service's own notes) are kept
/// in the journal's inbox with their place among the source's lines: a resumed run feeds them again there.
public actor LivePipeline {
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
    /// How the status and the logs name the source.
    public nonisolated let sourceName: String
    /// The protocol.
    public nonisolated let config: ProtocolConfig
    /// Whether the source has been quiet for longer than its limit.
    public internal(set) var isQuiet = false
    /// Whether the first live line has checked for a source outage the journal left open.
    var hasCheckedOutage = false
    /// Whether the source's bad lines repeat, for a `source_fault` note.
    var faults = SourceFaultWatch()
    /// The time of the last event decided, in milliseconds since the epoch.
    public private(set) var lastEventAt: Int64?
    /// The status page's past: marks, outflows and bad debt, a sample a minute.
    var history = StatusHistory()
    /// Counts what changes the status (every line, even an unreadable one, and the source's state): a reader
    /// rebuilds the status when it moved.
    public internal(set) var changes = 0
    /// Stopping: a submission is refused.
    var isFinished = false
    let sinks: [any DecisionSink]
    /// Turns live actions into transactions, when the service acts on a chain.
    let executor: (any ActionExecutor)?
    /// Outbox entries of decisions not stored yet: they go with the next batch.
    private var unstoredOutbox: [OutboxEntry] = []
    /// How often ``run()`` writes the journal when no batch is full.
    private let flushInterval: Duration
    nonisolated let logger: Logger

    /// - Parameters:
    ///   - replay: the replay to feed, not fed yet.
    ///   - session: its journal, when there is one; a resumed session's snapshot skips the lines it covers.
    ///   - inbox: the journal's inbox, when it is resumed.
    ///   - source: how the status names the source.
    ///   - sinks: what hears of each decision; they catch up with the incidents a restored snapshot holds.
    ///   - flushInterval: how often the journal is written when no batch is full.
    ///   - logger: where ``run()`` says what it wrote.
    public init(
        replay: Replay,
        session: JournalSession?,
        inbox: [InboxLine] = [],
        source: String,
        sinks: [any DecisionSink] = [],
        executor: (any ActionExecutor)? = nil,
        flushInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "breakwater")
    ) {
        self.replay = replay
        self.session = session
        storedInbox = inbox
        skippedLines = session?.resumeLine ?? 0
        sourceName = source
        config = replay.engine.config
        self.sinks = sinks
        self.executor = executor
        self.flushInterval = flushInterval
        self.logger = logger
        let incidents = replay.currentIncidents
        if !incidents.isEmpty { for sink in sinks { sink.catchUp(with: incidents) } }
    }

    /// Decides one line of the source, hands what it raised to the sinks, and writes the journal when a batch is
    /// due.
    ///
    /// - Returns: whether the run has caught up with the journal it resumed (always, for a new journal): the
    ///   lines before are decided again to check them, and need no pacing.
    /// - Throws: ``JournalError`` when the journal cannot be written or this run is not the one it holds.
    @discardableResult
    public func ingest(_ line: [UInt8]) async throws(JournalError) -> Bool {
        feedInbox()
        if isQuiet || isLive && !hasCheckedOutage { await sourceSpeaks() }
        let outcome = decide(line)
        try await act(on: outcome.decided)
        if let fault = faults.read(upTo: lineNumber, errors: outcome.errors, source: sourceName), isLive {
            _ = try? await take(Note(action: .sourceFault, author: "service", text: fault))
        }
        if session?.isDue(replay) == true { try await flushJournal() }
        return isCaughtUp
    }

    /// The source has ended (a file read to its end, standard input closed): a line still held for its time jump
    /// is a bad line, and the lines held after it are decided.
    public func sourceEnded() async throws(JournalError) {
        let outcome = replay.endOfStream()
        for decided in outcome.decided { published(decided.event, decided.decision, line: decided.line) }
        try await act(on: outcome.decided)
        if session?.isDue(replay) == true { try await flushJournal() }
    }

    /// Hands the actions of the lines decided to the executor, once the run is live, and stores what it will send.
    private func act(on decided: [DecidedLine]) async throws(JournalError) {
        guard isLive, let executor else { return }
        for line in decided where !line.decision.actions.isEmpty {
            let entries = await executor.entries(for: takenActions(of: line.decision), decision: line.record)
            if !entries.isEmpty {
                unstoredOutbox += entries
                try await flushJournal()
            }
        }
    }

    /// Whether the run has decided every record the resumed journal held.
    var isCaughtUp: Bool { replay.journal.count >= (session?.resumedAfter ?? 0) }

    /// Whether the run is past everything the resumed journal held (its records, its snapshot's lines, its inbox):
    /// what it decides from now on is new, and it may take lines from outside its source.
    var isLive: Bool { isCaughtUp && lineNumber >= skippedLines && inboxFed == storedInbox.count }

    /// Decides a line from the source or the inbox, unless a restored snapshot covers it, and hands what the
    /// engine did to the sinks.
    ///
    /// - Returns: the lines decided (none for a line read past, blank, unreadable or held for its time jump; more
    ///   than one when it confirms or refuses a held line's jump) and the errors.
    @discardableResult
    func decide(_ line: [UInt8], fromInbox: Bool = false) -> LineOutcome {
        lineNumber += 1
        guard lineNumber > skippedLines else { return LineOutcome() }
        // Even an unreadable line changes the counts.
        changes += 1
        let number = lineNumber
        let outcome = line.withUnsafeBufferPointer { bytes in
            fromInbox ? replay.decide(inboxLine: bytes, number: number) : replay.decide(line: bytes, number: number)
        }
        for decided in outcome.decided { published(decided.event, decided.decision, line: decided.line) }
        return outcome
    }

    /// The actions of `decision`, each with its incident and its account's name.
    private func takenActions(of decision: Decision) -> [TakenAction] {
        decision.actions.map { action in
            let incident = replay.engine.incidents.last { incident in
                incident.actions.contains { $0.sequence == decision.sequence && $0.action == action }
            }
            return TakenAction(
                action: action,
                incident: incident?.id,
                accountName: action.scope.account.map { replay.decoder.accounts.name(of: $0) }
            )
        }
    }

    /// Hands a decision to the sinks, when it raised, took or moved something.
    func published(_ event: Event, _ decision: Decision, line: Int) {
        lastEventAt = event.timestamp.milliseconds
        history.observe(replay, at: event.timestamp.milliseconds)
        guard !sinks.isEmpty, decision.hasSignalsOrActions || !decision.incidentSteps.isEmpty else { return }
        let (signals, actions) = replay.entries(of: decision, for: event)
        let steps = decision.incidentSteps
        let incidents = replay.engine.incidents.compactMap { incident in
            let taken = steps.filter { $0.incident == incident.id }.map(\.kind)
            return taken.isEmpty ? nil : replay.update(incident, steps: taken)
        }
        let decided = DecidedEvent(
            line: line,
            event: event,
            decision: decision,
            isReplayed: !isLive,
            incidents: incidents,
            signals: signals,
            actions: actions
        )
        for sink in sinks { sink.take(decided) }
    }

    /// Writes what the journal has not stored yet, unless an inbox line decided before it is still being stored or
    /// another write is under way.
    ///
    /// - Throws: ``JournalError`` when the store fails, the run is not the one the journal holds, or an inbox line
    ///   could not be kept (the journal stops there rather than hold an event a restart could not place).
    public func flushJournal() async throws(JournalError) {
        if let inboxFailure {
            throw JournalError(
                .storage,
                "the journal stops: a line the service took could not be kept in its inbox (\(inboxFailure))"
            )
        }
        guard unsavedInbox == 0, !isFlushing, let journal = session else { return }
        isFlushing = true
        defer { isFlushing = false }
        // The records are taken now, on the actor; the write waits without holding the replay. It runs as a task
        // of its own, which the caller's cancellation does not reach: records taken are records written.
        let batch = try journal.takeBatch(&replay)
        let outbox = unstoredOutbox
        unstoredOutbox = []
        let (written, failure) = await Task { () async -> (JournalSession, JournalError?) in
            var journal = journal
            do throws(JournalError) {
                try await journal.write(batch, outbox: outbox)
                return (journal, nil)
            } catch {
                return (journal, error)
            }
        }.value
        session = written
        if let failure {
            unstoredOutbox = outbox + unstoredOutbox
            throw failure
        }
        if !outbox.isEmpty { await executor?.stored(outbox) }
    }

    /// Writes the rest of the journal and tells the sinks nothing more comes: the service is stopping.
    public func finish() async throws(JournalError) {
        isFinished = true
        defer { for sink in sinks { sink.finish() } }
        // A submission being stored and a batch being written finish first (for at most ten seconds).
        for _ in 0..<2_000 where unsavedInbox > 0 || isFlushing { try? await Task.sleep(for: .milliseconds(5)) }
        changes += 1
        try session?.checkFinished(replay)
        try await flushJournal()
    }

    /// Runs `body` on the pipeline as it stands, on its actor: for a reader that builds a view of it (the status
    /// page).
    public func read<T: Sendable>(_ body: @Sendable (LiveView) -> T) -> T {
        body(
            LiveView(
                replay: replay,
                source: sourceName,
                isQuiet: isQuiet,
                lastEventAt: lastEventAt,
                changes: changes,
                executor: executor,
                history: history
            )
        )
    }

    /// The time of the engine's latest event, in milliseconds since the epoch: when a posted line happens.
    public var eventTime: Int64 { replay.engine.lastTimestamp?.milliseconds ?? 0 }

    /// How often ``run()`` writes the journal.
    nonisolated var interval: Duration { flushInterval }
}

/// The pipeline as a reader sees it, on its actor.
public struct LiveView: Sendable {
    /// The engine, the accounts, the report so far and the journal's chain.
    public let replay: Replay
    /// How the status names the source.
    public let source: String
    /// Whether the source has been quiet for longer than its limit.
    public let isQuiet: Bool
    /// The time of the last event decided, in milliseconds since the epoch (event time, not the wall clock).
    public let lastEventAt: Int64?
    /// Counts what changed the status: when it has not moved, neither has the status.
    public let changes: Int
    /// What makes the actions transactions, with `run --chain`'s executor.
    public let executor: (any ActionExecutor)?
    /// The status page's past.
    public let history: StatusHistory

    /// The latest `limit` actions, newest first, each with the transactions the executor made of it.
    public func actions(limit: Int) -> [ReplayReport.ActionEntry] { replay.latestActions(limit, executor: executor) }
}
