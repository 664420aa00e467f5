public import BreakwaterPipeline
import Foundation
import GRDB

#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// The journal in a SQLite file (GRDB): the embedded default store.
///
/// The file is in WAL mode, and an append is one transaction: durable once it returns against a crash of the
/// process, and with ``JournalSync/full`` (the default) against a power loss too (``JournalSync``). Records live in
/// one table keyed by sequence; the schema is versioned by GRDB's migrator (`docs/journal.md`).
public final class SQLiteJournalStore: JournalStore {
    private let database: DatabasePool

    /// Opens the journal at `path`, creating it if there is no file there, and migrates an older schema; `sync`
    /// says how hard each append is pushed to the disk.
    ///
    /// - Throws: ``JournalError`` if the file is not a SQLite database, holds something other than a journal, or
    ///   was written by a newer Breakwater.
    public init(path: String, sync: JournalSync = .default) throws(JournalError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            // On the pool's one writing connection, after GRDB's own setting (NORMAL, as it turns WAL on).
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(sync.pragma)") }
            try JournalSchema.prepare(database)
        } catch let error as JournalError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw JournalError(.storage, "\(path) is not a SQLite file")
        } catch {
            throw JournalError(.storage, "cannot open the journal at \(path): \(error)")
        }
    }

    /// SQLite's `synchronous` setting on the writer's connection: 1 for `NORMAL`, 2 for `FULL`.
    func synchronousSetting() async throws -> Int {
        try await database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func tip() async throws(JournalError) -> JournalTip? {
        try await reading { db in
            let statement = try db.makeStatement(
                sql: "SELECT sequence, timestamp, kind, bytes, hash FROM journal_record ORDER BY sequence DESC LIMIT 1"
            )
            return try Self.readPage(statement, capacity: 1, after: JournalPage()).records.first.map {
                JournalTip(count: $0.sequence, hash: $0.hash)
            }
        }
    }

    public func append(_ records: [JournalRecord], outbox: [OutboxEntry]) async throws(JournalError) {
        guard !records.isEmpty || !outbox.isEmpty else { return }
        do {
            try await database.write { db in
                for entry in outbox {
                    let kept = try Bool.fetchOne(
                        db,
                        sql: "SELECT EXISTS (SELECT 1 FROM executor_outbox WHERE key = ?)",
                        arguments: [entry.key]
                    )
                    guard kept != true else { throw JournalError(.storage, "the outbox holds \(entry.key) already") }
                    try db.execute(
                        sql:
                            """
                            INSERT INTO executor_outbox (key, sequence, nonce, raw, hash, state, block, replaced)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            entry.key, entry.sequence, Int64(bitPattern: entry.nonce), Data(entry.raw),
                            Data(entry.hash), entry.state.rawValue, entry.block, Data(entry.replaced.joined()),
                        ]
                    )
                }
                let last = try Int.fetchOne(db, sql: "SELECT max(sequence) FROM journal_record") ?? 0
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO journal_record (sequence, timestamp, kind, bytes, hash) VALUES (?, ?, ?, ?, ?)"
                )
                for (offset, record) in records.enumerated() {
                    guard record.sequence == last + offset + 1 else {
                        throw JournalError(
                            .storage,
                            "record \(record.sequence) does not follow the \(last + offset) records before it"
                        )
                    }
                    try insert.execute(arguments: [
                        record.sequence, record.timestamp, record.kind.rawValue, Data(record.bytes), Data(record.hash),
                    ])
                }
            }
        } catch {
            throw JournalError.storageFailure(error)
        }
    }

    public func records(from sequence: Int, limit: Int) async throws(JournalError) -> [JournalRecord] {
        try await page(from: sequence, limit: limit, appendingTo: JournalPage()).records
    }

    public func page(
        from sequence: Int,
        limit: Int,
        appendingTo page: JournalPage
    ) async throws(JournalError) -> JournalPage {
        try await reading { db in
            let statement = try db.makeStatement(
                sql: """
                    SELECT sequence, timestamp, kind, bytes, hash FROM journal_record
                    WHERE sequence >= ? ORDER BY sequence LIMIT ?
                    """
            )
            try statement.setArguments([sequence, limit])
            return try Self.readPage(statement, capacity: limit, after: page)
        }
    }

    /// Moves what the write-ahead log holds into the database file, so readers find every page in one place.
    public func checkpoint() async throws(JournalError) {
        do {
            _ = try await database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            throw JournalError.storageFailure(error)
        }
    }

    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(JournalError) {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO journal_snapshot (records, line, head, state) VALUES (?, ?, ?, ?)",
                    arguments: [snapshot.records, snapshot.line, Data(snapshot.head), Data(snapshot.state)]
                )
                // The latest two: the newest, and the one before in case the newest turns out unusable.
                try db.execute(
                    sql: """
                        DELETE FROM journal_snapshot
                        WHERE records NOT IN (SELECT records FROM journal_snapshot ORDER BY records DESC LIMIT 2)
                        """
                )
            }
        } catch {
            throw JournalError.storageFailure(error)
        }
    }

    public func latestSnapshot(atMost records: Int) async throws(JournalError) -> StoredSnapshot? {
        try await reading { db in
            let sql =
                "SELECT records, line, head, state FROM journal_snapshot WHERE records <= ? ORDER BY records DESC LIMIT 1"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [records]) else { return nil }
            // Converted without trapping: an edited file gets an error, not a crash.
            guard let records = Int.fromDatabaseValue(row[0]), let line = Int.fromDatabaseValue(row[1]),
                let head = Data.fromDatabaseValue(row[2]), let state = Data.fromDatabaseValue(row[3])
            else { throw JournalError(.malformedRecord, "a stored snapshot has a column of the wrong type") }
            return StoredSnapshot(records: records, line: line, head: [UInt8](head), state: [UInt8](state))
        }
    }

    public func appendInbox(_ line: InboxLine) async throws(JournalError) {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT INTO service_inbox (line, bytes) VALUES (?, ?)",
                    arguments: [line.line, Data(line.bytes)]
                )
            }
        } catch {
            throw JournalError.storageFailure(error)
        }
    }

    public func inbox() async throws(JournalError) -> [InboxLine] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT line, bytes FROM service_inbox ORDER BY line").map { row in
                guard let line = Int.fromDatabaseValue(row[0]), let bytes = Data.fromDatabaseValue(row[1]) else {
                    throw JournalError(.malformedRecord, "a stored inbox line has a column of the wrong type")
                }
                return InboxLine(line: line, bytes: [UInt8](bytes))
            }
        }
    }

    public func outbox() async throws(JournalError) -> [OutboxEntry] {
        try await reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT key, sequence, nonce, raw, hash, state, block, replaced FROM executor_outbox
                    ORDER BY sequence, key
                    """
            )
            return try rows.map { row in
                let block: DatabaseValue = row[6]
                guard let key = String.fromDatabaseValue(row[0]), let sequence = Int.fromDatabaseValue(row[1]),
                    let nonce = Int64.fromDatabaseValue(row[2]), let raw = Data.fromDatabaseValue(row[3]),
                    let hash = Data.fromDatabaseValue(row[4]),
                    let state = String.fromDatabaseValue(row[5]).flatMap(OutboxEntry.State.init(rawValue:)),
                    block.isNull || Int64.fromDatabaseValue(block) != nil,
                    let replaced = Data.fromDatabaseValue(row[7]), replaced.count % 32 == 0
                else {
                    throw JournalError(.malformedRecord, "a stored outbox entry has a column of the wrong type")
                }
                return OutboxEntry(
                    key: key,
                    sequence: sequence,
                    nonce: UInt64(bitPattern: nonce),
                    raw: [UInt8](raw),
                    hash: [UInt8](hash),
                    state: state,
                    block: Int64.fromDatabaseValue(block),
                    replaced: stride(from: 0, to: replaced.count, by: 32).map {
                        [UInt8](replaced[replaced.startIndex + $0..<replaced.startIndex + $0 + 32])
                    }
                )
            }
        }
    }

    public func updateOutbox(_ entry: OutboxEntry) async throws(JournalError) {
        do {
            try await database.write { db in
                try db.execute(
                    sql: """
                        UPDATE executor_outbox SET nonce = ?, raw = ?, hash = ?, state = ?, block = ?, replaced = ?
                        WHERE key = ?
                        """,
                    arguments: [
                        Int64(bitPattern: entry.nonce), Data(entry.raw), Data(entry.hash), entry.state.rawValue,
                        entry.block, Data(entry.replaced.joined()), entry.key,
                    ]
                )
                guard db.changesCount == 1 else { throw JournalError(.storage, "the outbox holds no \(entry.key)") }
            }
        } catch {
            throw JournalError.storageFailure(error)
        }
    }

    /// Steps `statement` through SQLite's C API, copying each blob once into the page's buffer: the pages of
    /// `verify` and `replay --from-journal` are read without GRDB's per-value boxing or an allocation per record.
    private static func readPage(_ statement: Statement, capacity: Int, after prefix: JournalPage) throws -> JournalPage
    {
        let handle = statement.sqliteStatement
        let records = prefix.count + min(capacity, 1 << 16)
        var page = JournalPage(reservingRecords: records, bytes: records * 128)
        page.append(prefix, prefix.indices)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return page }
            guard code == SQLITE_ROW else {
                throw JournalError(.storage, "SQLite: \(String(cString: sqlite3_errstr(code)))")
            }
            appendRow(handle, to: &page)
        }
    }

    /// Appends the current row to `page`. A column of the wrong type (an edited file) is the record's defect, which
    /// verification reports against it, never a trap.
    private static func appendRow(_ handle: SQLiteStatement, to page: inout JournalPage) {
        var defects: [String] = []
        func integer(_ column: Int32, _ name: String) -> Int64 {
            if sqlite3_column_type(handle, column) == SQLITE_INTEGER { return sqlite3_column_int64(handle, column) }
            defects.append("its \(name) column is not an integer")
            return 0
        }
        func blob(_ column: Int32, _ name: String) -> UnsafeRawBufferPointer {
            guard sqlite3_column_type(handle, column) == SQLITE_BLOB else {
                defects.append("its \(name) column is not a blob")
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
            // The blob first, then its size, as SQLite documents; the memory stays valid until the next step.
            let start = sqlite3_column_blob(handle, column)
            return UnsafeRawBufferPointer(
                start: start,
                count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, column))
            )
        }
        var kind = JournalRecord.Kind.event
        if sqlite3_column_type(handle, 2) == SQLITE_TEXT, let named = Self.kind(handle, column: 2) {
            kind = named
        } else {
            defects.append("its kind column is not a record kind")
        }
        let sequence = Int(integer(0, "sequence"))
        let timestamp = integer(1, "timestamp")
        let bytes = blob(3, "bytes")
        let hash = blob(4, "hash")
        page.append(
            sequence: sequence,
            timestamp: timestamp,
            kind: kind,
            bytes: bytes,
            hash: hash,
            defect: defects.isEmpty ? nil : defects.joined(separator: "; ")
        )
    }

    /// The record kind a text column names, compared in place: no string is made for each row.
    private static func kind(_ handle: SQLiteStatement, column: Int32) -> JournalRecord.Kind? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        for kind in Self.kinds where kind.name.count == count && memcmp(text, kind.name, count) == 0 {
            return kind.kind
        }
        return nil
    }

    private static let kinds = JournalRecord.Kind.allCases.map { (kind: $0, name: Array($0.rawValue.utf8)) }

    private func reading<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(JournalError) -> T {
        do {
            return try await database.read(body)
        } catch {
            throw JournalError.storageFailure(error)
        }
    }
}

extension JournalError {
    /// A failure of the store, worded for a person; a journal error passes through as it is.
    static func storageFailure(_ error: any Error) -> JournalError {
        if let error = error as? DatabaseError {
            return JournalError(.storage, "SQLite: \(error.message ?? "\(error)")")
        }
        return .wrapping(error)
    }
}
