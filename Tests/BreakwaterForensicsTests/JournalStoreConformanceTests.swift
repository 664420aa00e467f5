import BreakwaterEngine
import BreakwaterForensics
import BreakwaterStorage
import Testing

/// What every ``JournalStore`` must do, run against each store.
@Suite struct JournalStoreConformanceTests {
    enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }

        func make() throws -> any JournalStore {
            switch self {
            case .memory: MemoryJournalStore()
            case .sqlite: try SQLiteJournalStore(path: JournalTestStreams.temporaryPath())
            }
        }
    }

    static func records(_ range: ClosedRange<Int>) -> [JournalRecord] {
        range.map { sequence in
            JournalRecord(
                sequence: sequence, timestamp: Int64(sequence * 10), kind: sequence.isMultiple(of: 2) ? .event : .decision,
                bytes: [UInt8(truncatingIfNeeded: sequence), 1, 2], hash: Array(repeating: UInt8(truncatingIfNeeded: sequence), count: 32)
            )
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anEmptyStoreHasNoTipAndNoRecords(kind: StoreKind) async throws {
        let store = try kind.make()
        #expect(try await store.tip() == nil)
        #expect(try await store.records(from: 1, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func appendedRecordsComeBackInOrderAndInPages(kind: StoreKind) async throws {
        let store = try kind.make()
        try await store.append(Self.records(1 ... 7))
        try await store.append(Self.records(8 ... 10))
        #expect(try await store.tip() == JournalTip(count: 10, hash: Self.records(10 ... 10)[0].hash))
        #expect(try await store.records(from: 1, limit: 100) == Self.records(1 ... 10))
        #expect(try await store.records(from: 4, limit: 3) == Self.records(4 ... 6))
        #expect(try await store.records(from: 11, limit: 3).isEmpty)
        let before = JournalPage(Self.records(1 ... 1))
        #expect(try await store.page(from: 4, limit: 3, appendingTo: before).records == Self.records(1 ... 1) + Self.records(4 ... 6))
        var visited: [JournalRecord] = []
        try await store.forEachPage(pageSize: 3) { visited += $0.records }
        #expect(visited == Self.records(1 ... 10))
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchThatDoesNotFollowIsRefusedWhole(kind: StoreKind) async throws {
        let store = try kind.make()
        try await store.append(Self.records(1 ... 3))
        await #expect(throws: JournalError.self) { try await store.append(Self.records(5 ... 6)) }
        await #expect(throws: JournalError.self) { try await store.append(Self.records(3 ... 4)) }
        #expect(try await store.tip()?.count == 3)
        #expect(try await store.records(from: 1, limit: 10) == Self.records(1 ... 3))
    }

    @Test(arguments: StoreKind.allCases)
    func anEmptyBatchChangesNothing(kind: StoreKind) async throws {
        let store = try kind.make()
        try await store.append([])
        #expect(try await store.tip() == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func theLatestSnapshotsAreKeptAndFoundByRecordCount(kind: StoreKind) async throws {
        let store = try kind.make()
        #expect(try await store.latestSnapshot(atMost: 100) == nil)
        for records in [10, 20, 30] {
            try await store.saveSnapshot(StoredSnapshot(records: records, line: records / 2, head: [UInt8(records)], state: [1, 2, 3]))
        }
        #expect(try await store.latestSnapshot(atMost: 100)?.records == 30)
        #expect(try await store.latestSnapshot(atMost: 29) == StoredSnapshot(records: 20, line: 10, head: [20], state: [1, 2, 3]))
        #expect(try await store.latestSnapshot(atMost: 19) == nil, "only the latest two are kept")
    }
}
