public import BreakwaterEngine

/// Writes a replay's journal to a store while the replay runs, and resumes a journal that holds the start of the
/// same run.
///
/// Records go to the store in batches, each one transaction, and always whole events (an event, its accounts and
/// its decision), so a run killed at any point leaves a journal that ends after a decision. Run again over the same
/// stream and config, the session verifies what the journal holds, the replay recomputes it without writing it and
/// checks that its head there is the journal's, and the rest is appended: an interrupted run finishes with exactly
/// the journal an uninterrupted one writes.
public struct JournalSession: Sendable {
    public let store: any JournalStore
    /// How many records the store held when the session opened.
    public let resumedAfter: Int
    /// How many records this session wrote.
    public private(set) var written = 0
    /// How many records are written in one transaction.
    public var batchSize: Int

    private init(store: any JournalStore, resumedAfter: Int, batchSize: Int) {
        self.store = store
        self.resumedAfter = resumedAfter
        self.batchSize = batchSize
    }

    /// Opens a session that journals `replay`, which has not been fed yet.
    ///
    /// - Throws: ``JournalError`` if the store holds a journal of another config, engine configuration or format, or
    ///   one that does not verify.
    public static func attach(
        _ store: any JournalStore,
        to replay: inout Replay,
        batchSize: Int = 16_384
    ) async throws(JournalError) -> JournalSession {
        guard let tip = try await store.tip() else {
            replay.journal.keepRecords(after: 0, expectingHead: nil)
            return JournalSession(store: store, resumedAfter: 0, batchSize: batchSize)
        }
        guard let stored = try await store.records(from: 1, limit: 1).first else {
            throw JournalError(.storage, "the journal holds \(tip.count) records but its first cannot be read")
        }
        try expect(stored, toBe: replay.journal.headerBytes)
        // The tip's hash commits to every record before it only if they verify: an edited record is not resumed.
        if let failure = try await JournalVerification.check(store).failure {
            throw JournalError(.malformedRecord, "the journal does not verify, so it is not resumed: \(failure)")
        }
        replay.journal.keepRecords(after: tip.count, expectingHead: tip.hash)
        return JournalSession(store: store, resumedAfter: tip.count, batchSize: batchSize)
    }

    /// Explains why a stored header is not this run's.
    private static func expect(_ stored: JournalRecord, toBe ours: [UInt8]) throws(JournalError) {
        guard stored.bytes != ours else { return }
        let header = try JournalHeader(canonical: stored.bytes)
        let run = try JournalHeader(canonical: ours)
        let difference =
            header.configYAML != run.configYAML
            ? "another protocol config" : "another engine configuration (invariant checks or audit interval)"
        throw JournalError(
            .headerMismatch,
            "the journal was written with \(difference); resume it with the same config, or journal to a new file"
        )
    }

    /// Whether the replay has kept a batch's worth of records.
    public func isDue(_ replay: Replay) -> Bool {
        replay.journal.keptCount >= batchSize || replay.journal.diverged
    }

    /// Writes the records the replay kept, as one transaction.
    ///
    /// - Throws: ``JournalError`` if the run so far is not what the journal holds, or the store fails.
    public mutating func flush(_ replay: inout Replay) async throws(JournalError) {
        try checkNotDiverged(replay)
        let records = replay.journal.takeRecords()
        guard !records.isEmpty else { return }
        try await store.append(records)
        written += records.count
    }

    /// Writes what is left once the replay has been fed its whole stream.
    ///
    /// - Throws: ``JournalError`` if the journal holds more than this run wrote, or what it holds differs.
    public mutating func finish(_ replay: inout Replay) async throws(JournalError) {
        try checkNotDiverged(replay)
        guard replay.journal.count >= resumedAfter else {
            throw JournalError(
                .streamMismatch,
                "the journal holds \(resumedAfter) records but this run gives \(replay.journal.count): "
                    + "it was written from a longer stream"
            )
        }
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
