/// Writes a replay's journal to a store while the replay runs, and resumes a journal that holds the start of the
/// same run.
///
/// Records go to the store in batches, each one transaction, and always whole events (an event, its accounts and
/// its decision), so a run killed at any point leaves a journal that ends after a decision. Run again over the same
/// stream and config, the session verifies what the journal holds, the replay recomputes it without writing it and
/// checks that its head there is the journal's, and the rest is appended: an interrupted run finishes with exactly
/// the journal an uninterrupted one writes.
///
/// Every `snapshotInterval` stream lines the session also stores a snapshot of the replay's state beside the
/// journal; a resumed run restores the latest one it can check against the journal, skips the stream lines it
/// covers, and recomputes only from there.
public struct JournalSession: Sendable {
    public let store: any JournalStore
    /// How many records the store held when the session opened.
    public let resumedAfter: Int
    /// How many records this session wrote.
    public private(set) var written = 0
    /// How many records are written in one transaction.
    public var batchSize: Int
    /// Stream lines between snapshots; `0` takes none.
    public var snapshotInterval: Int
    /// The stream lines the restored snapshot covers: the feeder skips them. `0` when none was restored.
    public private(set) var resumeLine = 0
    /// Why the latest stored snapshot was not restored, when there was one and it was not.
    public private(set) var unusedSnapshot: String?
    /// The stream line of the latest snapshot stored or restored.
    private var snapshotLine = 0

    private init(store: any JournalStore, resumedAfter: Int, batchSize: Int, snapshotInterval: Int) {
        self.store = store
        self.resumedAfter = resumedAfter
        self.batchSize = batchSize
        self.snapshotInterval = snapshotInterval
    }

    /// Opens a session that journals `replay`, which has not been fed yet.
    ///
    /// - Throws: ``JournalError`` if the store holds a journal of another config, engine configuration or format, or
    ///   one that does not verify.
    public static func attach(
        _ store: any JournalStore,
        to replay: inout Replay,
        batchSize: Int = 16_384,
        snapshotInterval: Int = 0
    ) async throws(JournalError) -> JournalSession {
        guard let tip = try await store.tip() else {
            replay.journal.keepRecords(after: 0, expectingHead: nil)
            return JournalSession(
                store: store,
                resumedAfter: 0,
                batchSize: batchSize,
                snapshotInterval: snapshotInterval
            )
        }
        guard let stored = try await store.records(from: 1, limit: 1).first else {
            throw JournalError(.storage, "the journal holds \(tip.count) records but its first cannot be read")
        }
        try expect(stored, toBe: replay.journal.headerBytes)
        // The tip's hash commits to every record before it only if they verify: an edited record is not resumed.
        if let failure = try await JournalVerification.check(store).failure {
            throw JournalError(.malformedRecord, "the journal does not verify, so it is not resumed: \(failure)")
        }
        var session = JournalSession(
            store: store,
            resumedAfter: tip.count,
            batchSize: batchSize,
            snapshotInterval: snapshotInterval
        )
        // The latest snapshot, or the one before it when the latest does not check.
        var newest = tip.count
        while let stored = try await store.latestSnapshot(atMost: newest) {
            do {
                let snapshot = try await checked(stored, in: store)
                replay.restore(snapshot)
                session.resumeLine = snapshot.line
                session.snapshotLine = snapshot.line
                break
            } catch {
                session.unusedSnapshot = session.unusedSnapshot ?? "record \(stored.records): \(error.message)"
                newest = stored.records - 1
            }
        }
        replay.journal.keepRecords(after: tip.count, expectingHead: tip.hash)
        return session
    }

    /// The snapshot in `stored`, once it checks against the verified journal: it was taken at a record the journal
    /// holds, with that record's hash as its head.
    private static func checked(
        _ stored: StoredSnapshot,
        in store: any JournalStore
    ) async throws(JournalError) -> ReplaySnapshot {
        let snapshot = try ReplaySnapshot(encoded: stored.state)
        let record = try await store.records(from: stored.records, limit: 1).first
        guard snapshot.records == stored.records, snapshot.line == stored.line, snapshot.head == stored.head,
            record?.sequence == stored.records, record?.hash == stored.head
        else {
            throw JournalError(
                .malformedRecord,
                "the snapshot at record \(stored.records) does not match the journal there"
            )
        }
        return snapshot
    }

    /// Explains why a stored header is not this run's.
    private static func expect(_ stored: JournalRecord, toBe ours: [UInt8]) throws(JournalError) {
        guard stored.bytes != ours else { return }
        let header = try JournalHeader(canonical: stored.bytes)
        let run = try JournalHeader(canonical: ours)
        guard header.formatVersion == run.formatVersion else {
            throw JournalError(
                .unsupportedVersion,
                "the journal is in format \(header.formatVersion) and this build writes format \(run.formatVersion): "
                    + "it still verifies, exports and replays, but a run cannot continue it; journal to a new file"
            )
        }
        let difference =
            header.configYAML != run.configYAML
            ? "another protocol config"
            : "another engine configuration (invariant checks, audit interval or observer mode)"
        throw JournalError(
            .headerMismatch,
            "the journal was written with \(difference); resume it with the same config, or journal to a new file"
        )
    }

    /// Whether the replay has kept a batch's worth of records.
    public func isDue(_ replay: Replay) -> Bool {
        replay.journal.keptCount >= batchSize || replay.journal.diverged
    }

    /// Whether ``checkpoint(_:line:)`` has work after stream line `line`: a batch to write or a snapshot to take.
    public func isDue(_ replay: Replay, line: Int) -> Bool {
        isDue(replay) || isSnapshotDue(line)
    }

    private func isSnapshotDue(_ line: Int) -> Bool {
        snapshotInterval > 0 && line - snapshotLine >= snapshotInterval
    }

    /// Writes the records the replay kept and, when one is due, a snapshot of its state after stream line `line`.
    ///
    /// - Throws: ``JournalError`` if the run so far is not what the journal holds, or the store fails.
    public mutating func checkpoint(_ replay: inout Replay, line: Int) async throws(JournalError) {
        try await flush(&replay)
        // Only past the records the journal held: below them the run is not yet checked against the journal.
        // Nor while a line is held for its time jump: the snapshot's line would cover lines not yet decided.
        // Nor while a line is held for its time jump: the snapshot's line would cover lines not yet decided.
        guard isSnapshotDue(line), replay.journal.count > resumedAfter, !replay.isHolding else { return }
        let snapshot = replay.snapshot(line: line)
        try await store.saveSnapshot(
            StoredSnapshot(records: snapshot.records, line: line, head: snapshot.head, state: try snapshot.encoded())
        )
        snapshotLine = line
    }

    /// Writes the records the replay kept, as one transaction.
    ///
    /// - Throws: ``JournalError`` if the run so far is not what the journal holds, or the store fails.
    public mutating func flush(_ replay: inout Replay) async throws(JournalError) {
        try await write(takeBatch(&replay))
    }

    /// ``flush(_:)``'s first step, which does not wait: the records to write, taken from the replay. For a caller
    /// (an actor) that cannot hold the replay across the write.
    ///
    /// - Throws: ``JournalError`` if the run so far is not what the journal holds.
    public func takeBatch(_ replay: inout Replay) throws(JournalError) -> [JournalRecord] {
        try checkNotDiverged(replay)
        return replay.journal.takeRecords()
    }

    /// ``flush(_:)``'s second step: writes records taken with ``takeBatch(_:)``, and the outbox entries their
    /// decisions caused, as one transaction.
    public mutating func write(_ records: [JournalRecord], outbox: [OutboxEntry] = []) async throws(JournalError) {
        guard !records.isEmpty || !outbox.isEmpty else { return }
        try await store.append(records, outbox: outbox)
        written += records.count
    }

    /// Whether a replay stopping now leaves the journal whole: it has at least the records the journal held.
    ///
    /// - Throws: ``JournalError`` if the journal holds more than this run wrote.
    public func checkFinished(_ replay: Replay) throws(JournalError) {
        guard replay.journal.count >= resumedAfter else {
            throw JournalError(
                .streamMismatch,
                "the journal holds \(resumedAfter) records but this run gives \(replay.journal.count): "
                    + "it was written from a longer stream"
            )
        }
    }

    /// Writes what is left once the replay has been fed its whole stream.
    ///
    /// - Throws: ``JournalError`` if the journal holds more than this run wrote, or what it holds differs.
    public mutating func finish(_ replay: inout Replay) async throws(JournalError) {
        try checkNotDiverged(replay)
        try checkFinished(replay)
        try await flush(&replay)
    }

    private func checkNotDiverged(_ replay: Replay) throws(JournalError) {
        guard replay.journal.diverged else { return }
        throw JournalError(
            .streamMismatch,
            "the journal's first \(resumedAfter) records are not what this stream gives: it was written from "
                + "another stream; journal this one to a new file"
        )
    }
}
