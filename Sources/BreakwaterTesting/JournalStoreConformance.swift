import BreakwaterCore
public import BreakwaterPipeline
import Testing

/// What every ``JournalStore`` must do: a suite a store's tests run, as swift-configuration ships its provider
/// compatibility test. Each check runs on a new, empty store.
///
/// ```swift
/// @Test func sqliteConforms() async throws {
///     try await JournalStoreConformance { try SQLiteJournalStore(path: JournalTestStreams.temporaryPath()) }.run()
/// }
/// ```
public struct JournalStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any JournalStore

    /// - Parameter makeStore: makes a new, empty store; called once per check.
    public init(makeStore: @escaping @Sendable () async throws -> any JournalStore) {
        self.makeStore = makeStore
    }

    /// Runs every check; a failed expectation is recorded in the calling test.
    ///
    /// - Throws: what the store throws where it must not.
    public func run() async throws {
        try await anEmptyStoreHasNoTipAndNoRecords()
        try await appendedRecordsComeBackInOrderAndInPages()
        try await aBatchThatDoesNotFollowIsRefusedWhole()
        try await anEmptyBatchChangesNothing()
        try await theLatestSnapshotsAreKeptAndFoundByRecordCount()
        try await inboxLinesComeBackInTheOrderOfTheirPlaces()
        try await outboxEntriesAreKeptWithTheirBatchOnceEach()
        try await aRealJournalIsStoredAndVerifies()
    }

    /// Records of every kind the checks store: `range` in sequence, each hash its own.
    public static func records(_ range: ClosedRange<Int>) -> [JournalRecord] {
        range.map { sequence in
            JournalRecord(
                sequence: sequence,
                timestamp: Int64(sequence * 10),
                kind: sequence.isMultiple(of: 2) ? .event : .decision,
                bytes: [UInt8(truncatingIfNeeded: sequence), 1, 2],
                hash: Array(repeating: UInt8(truncatingIfNeeded: sequence), count: 32)
            )
        }
    }

    func anEmptyStoreHasNoTipAndNoRecords() async throws {
        let store = try await makeStore()
        #expect(try await store.tip() == nil)
        #expect(try await store.records(from: 1, limit: 10).isEmpty)
        #expect(try await store.inbox().isEmpty)
    }

    func appendedRecordsComeBackInOrderAndInPages() async throws {
        let store = try await makeStore()
        try await store.append(Self.records(1...7))
        try await store.append(Self.records(8...10))
        #expect(try await store.tip() == JournalTip(count: 10, hash: Self.records(10...10)[0].hash))
        #expect(try await store.records(from: 1, limit: 100) == Self.records(1...10))
        #expect(try await store.records(from: 4, limit: 3) == Self.records(4...6))
        #expect(try await store.records(from: 11, limit: 3).isEmpty)
        let before = JournalPage(Self.records(1...1))
        #expect(
            try await store.page(from: 4, limit: 3, appendingTo: before).records == Self.records(1...1)
                + Self.records(4...6)
        )
        var visited: [JournalRecord] = []
        try await store.forEachPage(pageSize: 3) { visited += $0.records }
        #expect(visited == Self.records(1...10))
    }

    func aBatchThatDoesNotFollowIsRefusedWhole() async throws {
        let store = try await makeStore()
        try await store.append(Self.records(1...3))
        await #expect(throws: JournalError.self) { try await store.append(Self.records(5...6)) }
        await #expect(throws: JournalError.self) { try await store.append(Self.records(3...4)) }
        #expect(try await store.tip()?.count == 3)
        #expect(try await store.records(from: 1, limit: 10) == Self.records(1...3))
    }

    func anEmptyBatchChangesNothing() async throws {
        let store = try await makeStore()
        try await store.append([])
        #expect(try await store.tip() == nil)
    }

    func theLatestSnapshotsAreKeptAndFoundByRecordCount() async throws {
        let store = try await makeStore()
        #expect(try await store.latestSnapshot(atMost: 100) == nil)
        for records in [10, 20, 30] {
            try await store.saveSnapshot(
                StoredSnapshot(records: records, line: records / 2, head: [UInt8(records)], state: [1, 2, 3])
            )
        }
        #expect(try await store.latestSnapshot(atMost: 100)?.records == 30)
        #expect(
            try await store.latestSnapshot(atMost: 29)
                == StoredSnapshot(records: 20, line: 10, head: [20], state: [1, 2, 3])
        )
        #expect(try await store.latestSnapshot(atMost: 19) == nil, "only the latest two are kept")
    }

    func inboxLinesComeBackInTheOrderOfTheirPlaces() async throws {
        let store = try await makeStore()
        for line in [7, 3, 5] { try await store.appendInbox(InboxLine(line: line, bytes: Array("line \(line)".utf8))) }
        #expect(try await store.inbox().map(\.line) == [3, 5, 7])
        #expect(try await store.inbox().first?.bytes == Array("line 3".utf8))
    }

    func outboxEntriesAreKeptWithTheirBatchOnceEach() async throws {
        let store = try await makeStore()
        #expect(try await store.outbox().isEmpty)
        func entry(_ key: String, _ sequence: Int) -> OutboxEntry {
            OutboxEntry(key: key, sequence: sequence, nonce: UInt64(sequence), raw: [2, 0xf8], hash: [UInt8(sequence)])
        }
        try await store.append(Self.records(1...4), outbox: [entry("pause|pool=main|INC-0001|0", 4)])
        try await store.append(Self.records(5...6), outbox: [entry("halt|market=ETH-PERP|INC-0001|2", 6)])
        #expect(try await store.outbox().map(\.sequence) == [4, 6])
        #expect(try await store.outbox().first == entry("pause|pool=main|INC-0001|0", 4))

        // A batch that does not follow keeps neither its records nor its entries; a key kept already refuses the
        // batch whole.
        await #expect(throws: JournalError.self) {
            try await store.append(Self.records(8...8), outbox: [entry("freeze|account=0x01|INC-0002|1", 8)])
        }
        await #expect(throws: JournalError.self) {
            try await store.append(Self.records(7...7), outbox: [entry("pause|pool=main|INC-0001|0", 7)])
        }
        #expect(try await store.tip()?.count == 6)
        #expect(try await store.outbox().count == 2)

        var mined = entry("pause|pool=main|INC-0001|0", 4)
        (mined.raw, mined.hash, mined.state, mined.block) = ([2, 0xf9], [9], .mined, 17)
        mined.replaced = [Array(repeating: 0xa1, count: 32), Array(repeating: 0xa2, count: 32)]
        try await store.updateOutbox(mined)
        #expect(try await store.outbox().first == mined)
        await #expect(throws: JournalError.self) { try await store.updateOutbox(entry("unknown", 1)) }
    }

    func aRealJournalIsStoredAndVerifies() async throws {
        let store = try await makeStore()
        let records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(200))
        try await store.append(Array(records.prefix(100)))
        try await store.append(Array(records.dropFirst(100)))
        let verification = try await JournalVerification.check(store, pageSize: 64)
        #expect(verification.isIntact && verification.verified == records.count)
        #expect(verification.head == records.last?.hash.hexString)
    }
}
