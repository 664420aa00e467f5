import BreakwaterPipeline
import BreakwaterTesting
import Testing

@testable import BreakwaterStorage

/// The SQLite journal passes the suite every store must pass, and keeps its outbox across a restart.
@Suite struct SQLiteJournalStoreTests {
    @Test func theSQLiteStoreConforms() async throws {
        try await JournalStoreConformance { try SQLiteJournalStore(path: JournalTestStreams.temporaryPath()) }.run()
    }

    /// The journal is synced as asked: FULL by default (a power loss loses nothing written), NORMAL on request.
    @Test func theJournalIsSyncedAsAsked() async throws {
        #expect(try await SQLiteJournalStore(path: JournalTestStreams.temporaryPath()).synchronousSetting() == 2)
        let normal = try SQLiteJournalStore(path: JournalTestStreams.temporaryPath(), sync: .normal)
        #expect(try await normal.synchronousSetting() == 1)
        let full = try SQLiteJournalStore(path: JournalTestStreams.temporaryPath(), sync: .full)
        #expect(try await full.synchronousSetting() == 2)
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
