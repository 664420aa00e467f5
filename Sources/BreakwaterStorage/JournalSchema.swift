import BreakwaterPipeline
import GRDB

/// The journal's tables and their versions.
///
/// Each schema change is a new migration appended to ``migrator``: opening a journal of an older schema runs the
/// migrations it lacks; one that has migrations this build does not know was written by a newer Breakwater and is
/// refused, as is a database that holds other tables and no journal.
enum JournalSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: journal records") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    INSERT INTO journal_meta (key, value) VALUES ('format', 'breakwater-journal');
                    CREATE TABLE journal_record (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        timestamp INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        hash BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2: snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_snapshot (
                        records INTEGER PRIMARY KEY NOT NULL,
                        line INTEGER NOT NULL,
                        head BLOB NOT NULL,
                        state BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3: service inbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE service_inbox (
                        line INTEGER PRIMARY KEY NOT NULL,
                        bytes BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v4: executor outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE executor_outbox (
                        key TEXT PRIMARY KEY NOT NULL,
                        sequence INTEGER NOT NULL,
                        nonce INTEGER NOT NULL,
                        raw BLOB NOT NULL,
                        hash BLOB NOT NULL,
                        state TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v5: outbox blocks and replaced hashes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE executor_outbox ADD COLUMN block INTEGER;
                    ALTER TABLE executor_outbox ADD COLUMN replaced BLOB NOT NULL DEFAULT x'';
                    """
            )
        }
        return migrator
    }()

    /// Checks that the database is empty or a journal this build reads, and brings its schema up to date.
    static func prepare(_ database: some DatabaseWriter) throws {
        try database.read(check)
        try migrator.migrate(database)
    }

    private static func check(_ db: Database) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        let isJournal = tables.contains("journal_meta")
        guard isJournal || tables.allSatisfy({ $0.hasPrefix("sqlite_") }) else {
            throw JournalError(.storage, "the file is a SQLite database but not a Breakwater journal")
        }
        if isJournal {
            let format = try String.fetchOne(db, sql: "SELECT value FROM journal_meta WHERE key = 'format'")
            guard format == "breakwater-journal" else {
                throw JournalError(.storage, "the file is a SQLite database but not a Breakwater journal")
            }
            if try migrator.hasBeenSuperseded(db) {
                let known = Set(migrator.migrations)
                let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
                throw JournalError(
                    .unsupportedVersion,
                    "the journal was written by a newer Breakwater (schema changes this build does not know: "
                        + "\(unknown.joined(separator: ", "))); read it with that version or later"
                )
            }
        }
    }
}
