/// Where a journal's records are kept: append-only, in sequence order.
///
/// Implementations: `MemoryJournalStore` in `BreakwaterTesting`, and the SQLite store of `BreakwaterStorage` (the
/// embedded default). The requirements are what a SQL server gives as well: an atomic batch insert, the last row,
/// and ordered pages by key; `JournalStoreConformance` in `BreakwaterTesting` is the suite every store passes.
public protocol JournalStore: Sendable {
    /// How many records the store holds and the hash of the last; `nil` when it holds none.
    func tip() async throws(JournalError) -> JournalTip?

    /// Appends records, and the outbox entries their decisions caused, in one transaction: all of them or, on
    /// failure, none.
    ///
    /// - Throws: ``JournalError`` if the first record does not follow the last one stored, an entry's key is in the
    ///   outbox already, or the store fails.
    func append(_ records: [JournalRecord], outbox: [OutboxEntry]) async throws(JournalError)

    /// Up to `limit` records from `sequence` on, in order; fewer at the end of the journal.
    func records(from sequence: Int, limit: Int) async throws(JournalError) -> [JournalRecord]

    /// ``records(from:limit:)`` appended to `page`, which holds the records to go before them or none; a store
    /// that reads in bulk gives them without an allocation per record.
    func page(from sequence: Int, limit: Int, appendingTo page: JournalPage) async throws(JournalError) -> JournalPage

    /// Stores a snapshot of the run's state, taken once its records were stored; older ones may be dropped, the
    /// latest two are kept.
    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(JournalError)

    /// The latest stored snapshot taken at or before `records` records.
    func latestSnapshot(atMost records: Int) async throws(JournalError) -> StoredSnapshot?

    /// Keeps a line a service took from outside its source, durably once this returns.
    func appendInbox(_ line: InboxLine) async throws(JournalError)

    /// Every inbox line, in the order of their places (not necessarily the order they were kept in).
    func inbox() async throws(JournalError) -> [InboxLine]

    /// Every outbox entry, by the sequence of the decision that caused it, then by key.
    func outbox() async throws(JournalError) -> [OutboxEntry]

    /// Replaces the outbox entry of `entry`'s key (a replacement's bytes, a receipt's state), durably once this
    /// returns.
    ///
    /// - Throws: ``JournalError`` when the outbox has no entry of that key, or the store fails.
    func updateOutbox(_ entry: OutboxEntry) async throws(JournalError)
}

extension JournalStore {
    /// Appends records that caused no outbox entry: ``append(_:outbox:)`` with none.
    public func append(_ records: [JournalRecord]) async throws(JournalError) {
        try await append(records, outbox: [])
    }
}

/// A snapshot of a run's state kept beside its journal, so a resumed run need not recompute it from the start.
/// It is not part of the hash chain: it is checked against the chain when it is used.
public struct StoredSnapshot: Sendable, Hashable {
    /// The journal records when it was taken.
    public var records: Int
    /// The stream lines consumed then.
    public var line: Int
    /// The journal's head then.
    public var head: [UInt8]
    /// The encoded ``ReplaySnapshot``.
    public var state: [UInt8]

    public init(records: Int, line: Int, head: [UInt8], state: [UInt8]) {
        self.records = records
        self.line = line
        self.head = head
        self.state = state
    }
}

/// The end of a stored journal.
public struct JournalTip: Sendable, Hashable {
    /// How many records are stored.
    public var count: Int
    /// The last record's hash: the journal's head.
    public var hash: [UInt8]

    public init(count: Int, hash: [UInt8]) {
        self.count = count
        self.hash = hash
    }
}

extension JournalStore {
    public func page(
        from sequence: Int,
        limit: Int,
        appendingTo page: JournalPage
    ) async throws(JournalError) -> JournalPage {
        var page = page
        for record in try await records(from: sequence, limit: limit) { page.append(record) }
        return page
    }

    /// Calls `body` with every stored record from `sequence` on, a page of up to `pageSize` records at a time.
    public func forEachPage(
        from sequence: Int = 1,
        pageSize: Int = 65_536,
        _ body: (JournalPage) throws -> Void
    ) async throws {
        var next = sequence
        while true {
            let page = try await page(from: next, limit: pageSize, appendingTo: JournalPage())
            try body(page)
            guard page.count == pageSize else { return }
            next = page.sequence(at: page.count - 1) + 1
        }
    }
}
