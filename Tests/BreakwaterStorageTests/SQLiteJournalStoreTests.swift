import BreakwaterPipeline
import BreakwaterStorage
import BreakwaterTesting
import Testing

/// The SQLite journal passes the suite every store must pass, and keeps its outbox across a restart.
@Suite struct SQLiteJournalStoreTests {
    @Test func theSQLiteStoreConforms() async throws {
        try await JournalStoreConformance { try SQLiteJournalStore(path: JournalTestStreams.temporaryPath()) }.run()
    }

    /// What a killed service had signed and not seen mined is there when it starts again, with its nonce and bytes.
    @Test func anOutboxEntryOutlivesTheProcessThatKeptIt() async throws {
        let path = JournalTestStreams.temporaryPath()
        let entry = OutboxEntry(
            key: "pause|pool=main|INC-0001|0",
            sequence: 3,
            nonce: UInt64.max,
            raw: [2, 0xf8, 0x72],
            hash: Array(repeating: 0xab, count: 32)
        )
        try await SQLiteJournalStore(path: path).append(JournalStoreConformance.records(1...3), outbox: [entry])
        let reopened = try SQLiteJournalStore(path: path)
        #expect(try await reopened.outbox() == [entry])
        #expect(try await reopened.tip()?.count == 3)
    }
}
