public import BreakwaterEngine

/// Where a journal's records are kept: append-only, in sequence order.
///
/// Implementations: ``MemoryJournalStore`` for tests, and the SQLite store of `BreakwaterStorage` (the embedded
/// default). The requirements are what a SQL server gives as well: an atomic batch insert, the last row, and ordered
/// pages by key.
public protocol JournalStore: Sendable {
    /// How many records the store holds and the hash of the last; `nil` when it holds none.
    func tip() async throws(JournalError) -> JournalTip?

    /// Appends records in one transaction: all of them or, on failure, none.
    ///
    /// - Throws: ``JournalError`` if the first record does not follow the last one stored, or the store fails.
    func append(_ records: [JournalRecord]) async throws(JournalError)

    /// Up to `limit` records from `sequence` on, in order; fewer at the end of the journal.
    func records(from sequence: Int, limit: Int) async throws(JournalError) -> [JournalRecord]
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
    /// Calls `body` with every stored record from `sequence` on, in pages of `pageSize`.
    public func forEachRecord(
        from sequence: Int = 1,
        pageSize: Int = 65_536,
        _ body: (JournalRecord) throws -> Void
    ) async throws {
        var next = sequence
        while true {
            let page = try await records(from: next, limit: pageSize)
            for record in page { try body(record) }
            guard page.count == pageSize, let last = page.last else { return }
            next = last.sequence + 1
        }
    }
}
