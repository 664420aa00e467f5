public import BreakwaterPipeline

/// A journal store in memory, for tests and for runs that keep nothing.
public actor MemoryJournalStore: JournalStore {
    public private(set) var stored: [JournalRecord] = []
    public private(set) var snapshots: [StoredSnapshot] = []
    private var inboxLines: [InboxLine] = []

    public init() {}

    public func tip() -> JournalTip? {
        stored.last.map { JournalTip(count: stored.count, hash: $0.hash) }
    }

    public func append(_ records: [JournalRecord]) throws(JournalError) {
        for (offset, record) in records.enumerated() where record.sequence != stored.count + offset + 1 {
            throw JournalError(
                .storage,
                "record \(record.sequence) does not follow the \(stored.count + offset) records before it"
            )
        }
        stored += records
    }

    public func records(from sequence: Int, limit: Int) -> [JournalRecord] {
        let start = sequence > 0 ? sequence - 1 : 0
        guard start < stored.count else { return [] }
        return Array(stored[start..<min(start + limit, stored.count)])
    }

    public func saveSnapshot(_ snapshot: StoredSnapshot) {
        snapshots = Array(
            (snapshots.filter { $0.records != snapshot.records } + [snapshot]).sorted { $0.records < $1.records }
                .suffix(2)
        )
    }

    public func latestSnapshot(atMost records: Int) -> StoredSnapshot? {
        snapshots.last { $0.records <= records }
    }

    public func appendInbox(_ line: InboxLine) { inboxLines.append(line) }

    public func inbox() -> [InboxLine] { inboxLines.sorted { $0.line < $1.line } }
}
