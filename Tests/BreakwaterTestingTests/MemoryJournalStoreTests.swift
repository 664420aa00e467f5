import BreakwaterPipeline
import BreakwaterTesting
import Synchronization
import Testing

/// The in-memory store the testing kit ships passes the suite every store must pass.
@Suite struct MemoryJournalStoreTests {
    @Test func theMemoryStoreConforms() async throws {
        try await JournalStoreConformance { MemoryJournalStore() }.run()
    }

    @Test func aStoreThatLosesRecordsFailsTheSuite() async throws {
        let issues = await Self.issues { try await JournalStoreConformance { ForgetfulStore() }.run() }
        #expect(issues > 0, "the suite must catch a store that keeps only the last batch")
    }

    /// How many expectations `body` failed, without failing the test that asks.
    static func issues(_ body: @escaping @Sendable () async throws -> Void) async -> Int {
        let count = Count()
        try? await withKnownIssue(isIntermittent: true) {
            try await body()
        } matching: { _ in
            count.value.withLock { $0 += 1 }
            return true
        }
        return count.value.withLock { $0 }
    }

    private final class Count: Sendable {
        let value = Mutex(0)
    }
}

/// A broken store: each batch replaces the one before.
private actor ForgetfulStore: JournalStore {
    private let memory = MemoryJournalStore()
    private var batches: [[JournalRecord]] = []

    func tip() async throws(JournalError) -> JournalTip? {
        batches.last?.last.map { JournalTip(count: $0.sequence, hash: $0.hash) }
    }
    func append(_ records: [JournalRecord], outbox: [OutboxEntry]) async throws(JournalError) {
        try await memory.append([], outbox: outbox)
        guard !records.isEmpty else { return }
        if let last = batches.last?.last, records[0].sequence != last.sequence + 1 {
            throw JournalError(.storage, "record \(records[0].sequence) does not follow")
        }
        batches = [records]
    }
    func records(from sequence: Int, limit: Int) async throws(JournalError) -> [JournalRecord] {
        Array((batches.last ?? []).filter { $0.sequence >= sequence }.prefix(limit))
    }
    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(JournalError) { await memory.saveSnapshot(snapshot) }
    func latestSnapshot(atMost records: Int) async throws(JournalError) -> StoredSnapshot? {
        await memory.latestSnapshot(atMost: records)
    }
    func appendInbox(_ line: InboxLine) async throws(JournalError) { await memory.appendInbox(line) }
    func inbox() async throws(JournalError) -> [InboxLine] { await memory.inbox() }
    func outbox() async throws(JournalError) -> [OutboxEntry] { await memory.outbox() }
    func updateOutbox(_ entry: OutboxEntry) async throws(JournalError) { try await memory.updateOutbox(entry) }
}
