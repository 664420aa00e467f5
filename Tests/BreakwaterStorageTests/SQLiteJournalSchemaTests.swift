import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterStorage
import BreakwaterTesting
import Foundation
import GRDB
import Testing

/// Opening files that are not journals, or journals of another schema.
@Suite struct SQLiteJournalSchemaTests {
    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let path = JournalTestStreams.temporaryPath()
        try Data("not a database, just text that is long enough to be read as a header page".utf8).write(
            to: URL(fileURLWithPath: path)
        )
        let error = #expect(throws: JournalError.self) { try SQLiteJournalStore(path: path) }
        #expect(error?.message.contains("is not a SQLite file") == true)
    }

    @Test func anotherSQLiteDatabaseIsRefused() throws {
        let path = JournalTestStreams.temporaryPath()
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE orders (id INTEGER)") }
        let error = #expect(throws: JournalError.self) { try SQLiteJournalStore(path: path) }
        #expect(error?.message.contains("not a Breakwater journal") == true)
    }

    @Test func aJournalOfANewerSchemaIsRefusedNamingWhatItLacks() throws {
        let path = JournalTestStreams.temporaryPath()
        _ = try SQLiteJournalStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: something newer')")
        }
        let error = #expect(throws: JournalError.self) { try SQLiteJournalStore(path: path) }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("v9: something newer") == true)
    }

    /// A journal of an older schema (records, no snapshot or outbox table) is migrated on open and keeps its records.
    @Test func aJournalOfTheFirstSchemaIsMigrated() async throws {
        let path = JournalTestStreams.temporaryPath()
        let records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(50))
        try await SQLiteJournalStore(path: path).append(records)
        try await DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    DROP TABLE journal_snapshot; DROP TABLE executor_outbox;
                    DELETE FROM grdb_migrations
                    WHERE identifier IN ('v2: snapshots', 'v4: executor outbox', 'v5: outbox blocks and replaced hashes')
                    """
            )
        }
        let store = try SQLiteJournalStore(path: path)
        #expect(try await store.records(from: 1, limit: 1_000) == records)
        try await store.saveSnapshot(StoredSnapshot(records: 5, line: 2, head: records[4].hash, state: [0]))
        #expect(try await store.latestSnapshot(atMost: 10)?.records == 5)
        let applied = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(
            applied.sorted() == [
                "v1: journal records", "v2: snapshots", "v3: service inbox", "v4: executor outbox",
                "v5: outbox blocks and replaced hashes",
            ]
        )
        #expect(try await store.outbox().isEmpty)
    }

    @Test func reopeningAJournalKeepsItsRecords() async throws {
        let path = JournalTestStreams.temporaryPath()
        let records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(50))
        try await SQLiteJournalStore(path: path).append(records)
        #expect(try await SQLiteJournalStore(path: path).records(from: 1, limit: 10_000) == records)
    }

    /// Inbox lines come back in the order of their places, whatever order their writes reached the file in: two
    /// writes in flight may land swapped.
    @Test func inboxLinesComeBackInTheirPlaces() async throws {
        let store = try SQLiteJournalStore(path: JournalTestStreams.temporaryPath())
        for line in [7, 3, 12] { try await store.appendInbox(InboxLine(line: line, bytes: Array("line \(line)".utf8))) }
        let inbox = try await store.inbox()
        #expect(
            inbox.map(\.line) == [3, 7, 12]
                && inbox.map { String(decoding: $0.bytes, as: UTF8.self) } == ["line 3", "line 7", "line 12"]
        )
    }
}
