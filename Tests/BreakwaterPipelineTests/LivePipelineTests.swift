import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterTesting
import Synchronization
import Testing

/// The pipeline as a service runs it: lines from a source and from outside it, the inbox that puts the latter back
/// in place, a quiet source, and what the sinks receive.
@Suite struct LivePipelineTests {
    @Test func aQuietSourceIsAnIncidentResolvedWhenItSpeaksAgain() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let pipeline = LivePipeline(
            replay: Replay(config: story.config, configYAML: story.configYAML),
            session: nil,
            source: "test"
        )
        let (before, after) = (story.lines.prefix(100), story.lines.dropFirst(100).prefix(10))
        for line in before { try await pipeline.ingest(Array(line.utf8)) }
        #expect(await pipeline.sourceWentQuiet(after: .zero), "the source's service says it has been quiet")
        let outage = try #require(await pipeline.incidents().first)
        #expect(
            outage.kind == "source_outage" && outage.signals.first?.kind == "source_quiet" && outage.resolvedAt == nil
        )
        for line in after { try await pipeline.ingest(Array(line.utf8)) }
        #expect(await pipeline.incident(outage.id)?.resolvedAt != nil, "the source gives events again")
    }

    /// Bad lines that repeat (ten among a thousand) are a `source_fault` note, journaled through the inbox, which
    /// opens a source-fault incident; a resumed run feeds the note again in its place and ends with the same head.
    @Test func repeatedBadLinesAreASourceFault() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        var lines = Array(story.lines.prefix(300))
        for index in stride(from: 20, through: 200, by: 20) { lines.insert("{\"ts\":", at: index) }
        let store = MemoryJournalStore()
        let first = try await Self.pipeline(of: story, journaling: store)
        for line in lines { try await first.ingest(Array(line.utf8)) }
        try await first.finish()
        let fault = try #require(await first.incidents().first { $0.kind == "source_fault" })
        #expect(fault.signals.first?.kind == "source_fault" && fault.signals.first?.severity == "warning")
        #expect(fault.signals.first?.evidence.hasPrefix("10 of the last 1000 lines from the source (test)") == true)
        #expect(await store.inbox().count == 1, "one note: the next bad lines are within the same window")
        let head = await first.journal().head
        let second = try await Self.pipeline(of: story, journaling: store)
        for line in lines { try await second.ingest(Array(line.utf8)) }
        try await second.finish()
        #expect(await second.journal().head == head)
        #expect(await store.inbox().count == 1, "the resumed run feeds the note again, it takes no other")
    }

    /// A pipeline of `story` journaling to `store`, resuming what it holds, inbox included.
    static func pipeline(
        of story: (config: ProtocolConfig, configYAML: String, market: EventSchedule, lines: [String]),
        journaling store: MemoryJournalStore
    ) async throws -> LivePipeline {
        var replay = Replay(config: story.config, configYAML: story.configYAML)
        let session = try await JournalSession.attach(store, to: &replay, batchSize: 512)
        return LivePipeline(replay: replay, session: session, inbox: await store.inbox(), source: "test")
    }

    /// Regression: lines posted to the service are not in its source, so a resumed journal was refused as written
    /// from another stream. The inbox puts them back in their place.
    @Test func aResumedJournalFeedsItsInboxInPlaceAndEndsWithTheSameHead() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let lines = story.lines.map { Array($0.utf8) }
        let store = MemoryJournalStore()
        func pipeline() async throws -> LivePipeline { try await Self.pipeline(of: story, journaling: store) }
        let first = try await pipeline()
        for line in lines[..<(lines.count - 50)] { try await first.ingest(line) }
        let incident = try #require(await first.incidents().last?.id)
        _ = try await first.take(Note(action: .acknowledge, author: "alice", incident: incident, text: "mine"))
        for line in lines[(lines.count - 50)...] { try await first.ingest(line) }
        _ = try await first.take(Note(action: .comment, author: "alice", incident: incident, text: "after the end"))
        try await first.finish()
        let written = await first.journal()

        let second = try await pipeline()
        for line in lines { try await second.ingest(line) }
        await second.feedInbox()
        try await second.finish()
        let resumed = await second.journal()
        #expect(resumed.head == written.head && resumed.records == written.records)
        #expect(await second.incident(incident)?.notes?.map(\.text) == ["mine", "after the end"])
        await #expect(throws: SubmissionError.self) {
            try await second.take(Note(action: .comment, author: "alice", incident: incident, text: "late"))
        }
    }

    /// Regression: a transaction the executor sent while a resumed run was deciding its journal again had its
    /// `tx_sent` note refused ("still deciding again"), and lost. Taken when live, it waits, and lands after the
    /// journal's lines.
    @Test func aNoteTakenWhenLiveWaitsForAResumedRunToCatchUp() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let lines = story.lines.prefix(300).map { Array($0.utf8) }
        let store = MemoryJournalStore()
        func pipeline() async throws -> LivePipeline { try await Self.pipeline(of: story, journaling: store) }
        let first = try await pipeline()
        for line in lines { try await first.ingest(line) }
        try await first.finish()

        let second = try await pipeline()
        let note = Note(action: .txSent, author: "executor", text: "0xab nonce 0 for pause|pool=alts|INC-0001|0")
        await #expect(throws: SubmissionError.self) { try await second.take(note) }
        let waiting = Task { try await second.takeWhenLive(note) }
        for line in lines { try await second.ingest(line) }
        let taken = try await waiting.value
        #expect(taken.line == lines.count + 1, "after every line the journal held")
        try await second.finish()
        #expect(await second.journal().records > (await first.journal()).records)
    }

    /// Sinks hear of every decision that raised, took or moved something, in stream order, with typed values; a
    /// snapshot's incidents are caught up with, and what a resumed journal held is marked as read again.
    @Test func sinksReceiveTypedDecisionsInOrder() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let store = MemoryJournalStore()
        var replay = Replay(config: story.config, configYAML: story.configYAML)
        var session = try await JournalSession.attach(store, to: &replay, batchSize: 512, snapshotInterval: 4_000)
        for (index, line) in story.lines.enumerated() {
            replay.feed(line: Array(line.utf8), number: index + 1)
            if session.isDue(replay, line: index + 1) { try await session.checkpoint(&replay, line: index + 1) }
        }
        try await session.finish(&replay)

        var resumed = Replay(config: story.config, configYAML: story.configYAML)
        let reopened = try await JournalSession.attach(store, to: &resumed, batchSize: 512, snapshotInterval: 4_000)
        #expect(reopened.resumeLine > 0, "a snapshot is restored")
        let atSnapshot = resumed.engine.incidents
        #expect(!atSnapshot.isEmpty, "the snapshot is taken after the attack")
        let sink = RecordingSink()
        let pipeline = LivePipeline(replay: resumed, session: reopened, source: "test", sinks: [sink])
        for line in story.lines { try await pipeline.ingest(Array(line.utf8)) }
        let taken = sink.taken
        #expect(sink.caughtUp.map(\.incident.id) == atSnapshot.map(\.id))
        #expect(
            sink.caughtUp.allSatisfy {
                $0.steps.first == .opened && $0.steps.contains(.contained) == ($0.incident.containedAt != nil)
            }
        )
        #expect(taken.map(\.line) == taken.map(\.line).sorted(), "in stream order")
        #expect(taken.allSatisfy { $0.isReplayed }, "everything was in the journal already")
        #expect(taken.allSatisfy { $0.decision.hasSignalsOrActions || !$0.decision.incidentSteps.isEmpty })
        for decided in taken {
            #expect(
                decided.signals.count == decided.decision.signals.count
                    && decided.actions.count == decided.decision.actions.count
            )
            for update in decided.incidents {
                #expect(
                    update.steps
                        == decided.decision.incidentSteps.filter { $0.incident == update.incident.id }.map(\.kind)
                )
                #expect(update.entry.id == update.incident.id && update.severity == update.incident.severity)
            }
        }
    }

    /// A first run hands every notable decision over as new, and each incident step exactly once.
    @Test func aNewRunHandsEachIncidentStepOverOnce() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let sink = RecordingSink()
        let pipeline = LivePipeline(
            replay: Replay(config: story.config, configYAML: story.configYAML),
            session: nil,
            source: "test",
            sinks: [sink]
        )
        for line in story.lines { try await pipeline.ingest(Array(line.utf8)) }
        try await pipeline.finish()
        let taken = sink.taken
        #expect(!taken.isEmpty && taken.allSatisfy { !$0.isReplayed } && sink.finished)
        let steps = taken.flatMap { decided in
            decided.incidents.flatMap { update in update.steps.map { (update.incident.id, $0) } }
        }
        #expect(steps.first.map { $0.1 } == .opened)
        #expect(steps.filter { $0.1 == .opened }.count == (await pipeline.incidents()).count)
        #expect(steps.contains { $0.1 == .contained } && steps.contains { $0.1 == .resolved })
    }
}

/// The journal's writes against cancellation.
@Suite struct JournalWriteTests {
    /// A store whose writes fail once their task is cancelled, as GRDB's do.
    actor CancellableStore: JournalStore {
        let inner = MemoryJournalStore()
        func tip() async throws(JournalError) -> JournalTip? { await inner.tip() }
        func append(_ records: [JournalRecord], outbox: [OutboxEntry]) async throws(JournalError) {
            if Task.isCancelled { throw JournalError(.storage, "cancelled") }
            try await inner.append(records, outbox: outbox)
        }
        func records(from sequence: Int, limit: Int) async throws(JournalError) -> [JournalRecord] {
            await inner.records(from: sequence, limit: limit)
        }
        func page(
            from sequence: Int,
            limit: Int,
            appendingTo page: JournalPage
        ) async throws(JournalError) -> JournalPage {
            try await inner.page(from: sequence, limit: limit, appendingTo: page)
        }
        func saveSnapshot(_ snapshot: StoredSnapshot) async throws(JournalError) { await inner.saveSnapshot(snapshot) }
        func latestSnapshot(atMost records: Int) async throws(JournalError) -> StoredSnapshot? {
            await inner.latestSnapshot(atMost: records)
        }
        func appendInbox(_ line: InboxLine) async throws(JournalError) {
            if Task.isCancelled { throw JournalError(.storage, "cancelled") }
            await inner.appendInbox(line)
        }
        func inbox() async throws(JournalError) -> [InboxLine] { await inner.inbox() }
        func outbox() async throws(JournalError) -> [OutboxEntry] { await inner.outbox() }
        func updateOutbox(_ entry: OutboxEntry) async throws(JournalError) { try await inner.updateOutbox(entry) }
    }

    /// A pipeline journaling into `store`, fed the demo's first `lines` lines.
    static func pipeline(journaling store: any JournalStore, lines: Int) async throws -> LivePipeline {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        var replay = Replay(config: story.config, configYAML: story.configYAML)
        let session = try await JournalSession.attach(store, to: &replay, batchSize: 1_000_000)
        let pipeline = LivePipeline(replay: replay, session: session, source: "test")
        for line in story.lines.prefix(lines) { try await pipeline.ingest(Array(line.utf8)) }
        return pipeline
    }

    /// Regression: the service cancelled its watchdog while it was writing a batch, and the batch, taken from the
    /// run, never reached the store: a graceful stop lost records.
    @Test func aCancelledWriteLosesNoRecord() async throws {
        let store = CancellableStore()
        let pipeline = try await Self.pipeline(journaling: store, lines: 500)
        let cancelled = Task { try await pipeline.flushJournal() }
        cancelled.cancel()
        try await cancelled.value
        try await pipeline.finish()
        let stored = try await store.tip()?.count
        #expect(stored == (await pipeline.journal()).records)
    }

    /// Regression: a stopping alerter's last dead letter is journaled from a cancelled task; the inbox write gave up
    /// with it, and the journal stopped before its last batch.
    @Test func aLineTakenInACancelledTaskIsStillKept() async throws {
        let store = CancellableStore()
        let pipeline = try await Self.pipeline(journaling: store, lines: 500)
        let note = Note(action: .comment, author: "service", text: "taken while stopping")
        let cancelled = Task { try await pipeline.take(note) }
        cancelled.cancel()
        _ = try await cancelled.value
        #expect(try await store.inbox().count == 1, "the line decided is kept")
        try await pipeline.finish()
        #expect(try await store.tip()?.count == (await pipeline.journal()).records, "and the journal written whole")
    }

    /// Regression: a note was decided without the stream reader's checks, so one it refuses (an author too long)
    /// reached the inbox, and a restart could not read it back in its place.
    @Test func aNoteTheReaderWouldRefuseIsRefused() async throws {
        let store = MemoryJournalStore()
        let pipeline = try await Self.pipeline(journaling: store, lines: 100)
        let long = Note(action: .comment, author: String(repeating: "a", count: Note.maximumAuthorBytes + 1), text: "x")
        let error = await #expect(throws: SubmissionError.self) { try await pipeline.take(long) }
        #expect(error?.code == .unreadable && error?.field == "by")
        let (inbox, read) = (await store.inbox(), await pipeline.linesRead)
        #expect(inbox.isEmpty && read == 100)
    }
}

/// A sink that keeps what it is handed.
final class RecordingSink: DecisionSink {
    private let state = Mutex<(caughtUp: [IncidentUpdate], taken: [DecidedEvent], finished: Bool)>(([], [], false))

    func catchUp(with incidents: [IncidentUpdate]) { state.withLock { $0.caughtUp += incidents } }
    func take(_ decided: DecidedEvent) { state.withLock { $0.taken.append(decided) } }
    func finish() { state.withLock { $0.finished = true } }

    var caughtUp: [IncidentUpdate] { state.withLock { $0.caughtUp } }
    var taken: [DecidedEvent] { state.withLock { $0.taken } }
    var finished: Bool { state.withLock { $0.finished } }
}
