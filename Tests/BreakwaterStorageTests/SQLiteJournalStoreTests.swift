import BreakwaterStorage
import BreakwaterTesting
import Testing

/// The SQLite journal passes the suite every store must pass.
@Suite struct SQLiteJournalStoreTests {
    @Test func theSQLiteStoreConforms() async throws {
        try await JournalStoreConformance { try SQLiteJournalStore(path: JournalTestStreams.temporaryPath()) }.run()
    }
}
