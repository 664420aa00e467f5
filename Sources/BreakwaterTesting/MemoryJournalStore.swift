public import BreakwaterPipeline

/// A journal store in memory, for tests and for runs that keep nothing.
public actor MemoryJournalStore: JournalStore {
    /// The records appended, in order.
    public private(set) var stored: [JournalRecord] = []
    /// The snapshots kept, oldest first: at most the latest two.
    public private(set) var snapshots: [StoredSnapshot] = []
    private var inboxLines: [InboxLine] = []
    private var outboxEntries: [OutboxEntry] = []

    /// An empty store.
    public init() {}

    /// How many records it holds and the hash of the last; `nil` when it holds none.
    public func tip() -> JournalTip? {
        stored.last.map { JournalTip(count: stored.count, hash: $0.hash) }
    }

    /// Appends `records` and `outbox`, or none of them if the records do not follow the last one stored or an
    /// entry's key is kept already.
    public func append(_ records: [JournalRecord], outbox: [OutboxEntry]) throws(JournalError) {
        for (offset, record) in records.enumerated() where record.sequence != stored.count + offset + 1 {
            throw JournalError(
                .storage,
                "record \(record.sequence) does not follow the \(stored.count + offset) records before it"
            )
        }
        var keys = Set(outboxEntries.map(\.key))
        for entry in outbox where !keys.insert(entry.key).inserted {
            throw JournalError(.storage, "the outbox holds \(entry.key) already")
        }
        stored += records
        outboxEntries += outbox
    }

    /// Up to `limit` records from `sequence` on, in order.
    public func records(from sequence: Int, limit: Int) -> [JournalRecord] {
        let start = sequence > 0 ? sequence - 1 : 0
        guard start < stored.count else { return [] }
        return Array(stored[start..<min(start + limit, stored.count)])
    }

    /// Keeps `snapshot` in place of one taken at the same record count, and drops all but the latest two.
    public func saveSnapshot(_ snapshot: StoredSnapshot) {
        snapshots = Array(
            (snapshots.filter { $0.records != snapshot.records } + [snapshot]).sorted { $0.records < $1.records }
                .suffix(2)
        )
    }

    /// The latest snapshot taken at or before `records` records.
    public func latestSnapshot(atMost records: Int) -> StoredSnapshot? {
        snapshots.last { $0.records <= records }
    }

    /// Keeps `line` in the inbox.
    public func appendInbox(_ line: InboxLine) { inboxLines.append(line) }

    /// Every inbox line, in the order of their places.
    public func inbox() -> [InboxLine] { inboxLines.sorted { $0.line < $1.line } }

    /// Every outbox entry, by its decision's sequence, then by key.
    public func outbox() -> [OutboxEntry] { outboxEntries.sorted { ($0.sequence, $0.key) < ($1.sequence, $1.key) } }

    /// Replaces the entry of `entry`'s key.
    public func updateOutbox(_ entry: OutboxEntry) throws(JournalError) {
        guard let index = outboxEntries.firstIndex(where: { $0.key == entry.key }) else {
            throw JournalError(.storage, "the outbox holds no \(entry.key)")
        }
        outboxEntries[index] = entry
    }
}
