import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterTesting
import PropertyBased
import Testing

/// Writing a replay's journal, and resuming it after an interruption.
@Suite struct JournalSessionTests {
    static let lines = JournalTestStreams.lines(600)

    /// A memory store holding the journal of `lines`.
    static func store(holding lines: ArraySlice<String>) async throws -> MemoryJournalStore {
        let store = MemoryJournalStore()
        var replay = JournalTestStreams.replay()
        var session = try await JournalSession.attach(store, to: &replay)
        try await JournalTestStreams.feed(lines, into: &replay, session: &session)
        try await session.finish(&replay)
        return store
    }

    @Test func theJournalHoldsTheChainTheReplayReports() async throws {
        let records = try await JournalTestStreams.journal(of: Self.lines)
        var replay = JournalTestStreams.replay()
        for (index, line) in Self.lines.enumerated() { replay.feed(line: Array(line.utf8), number: index + 1) }
        #expect(records.count == replay.journal.count)
        #expect(records.last?.hash.hexString == replay.report().journalHead)
        #expect(records.map(\.sequence) == Array(1...records.count))
        #expect(records.first?.kind == .header)
        #expect(records.filter { $0.kind == .event }.count == Self.lines.count)
        #expect(records.filter { $0.kind == .decision }.count == Self.lines.count)
        // Each account the stream names is bound once.
        #expect(records.filter { $0.kind == .account }.count == replay.decoder.accounts.names.count)
    }

    /// A run stopped after any line, with whatever batches it had not written lost, then run again over the whole
    /// stream, leaves exactly the journal of an uninterrupted run.
    @Test func anInterruptedRunResumesToTheUninterruptedJournal() async throws {
        let expected = try await JournalTestStreams.journal(of: Self.lines)
        await propertyCheck(count: 25, input: Gen.int(in: 0...Self.lines.count), Gen.int(in: 1...200)) { stop, batch in
            let resumed = try! await JournalTestStreams.resumedJournal(
                of: Self.lines,
                stoppingAfter: stop,
                batchSize: batch
            )
            #expect(resumed.records == expected)
            #expect(resumed.session.resumedAfter + resumed.session.written == expected.count)
        }
    }

    /// The same with snapshots every few lines: the resumed run restores the latest and skips the lines it covers,
    /// and still ends with the uninterrupted run's journal and report.
    @Test func aRunResumedFromASnapshotEndsLikeTheUninterruptedRun() async throws {
        let expected = try await JournalTestStreams.journal(of: Self.lines)
        var whole = JournalTestStreams.replay()
        for (index, line) in Self.lines.enumerated() { whole.feed(line: Array(line.utf8), number: index + 1) }
        let report = whole.report()
        await propertyCheck(
            count: 25,
            input: Gen.int(in: 0...Self.lines.count),
            Gen.int(in: 1...200),
            Gen.int(in: 1...150)
        ) {
            stop,
            batch,
            interval in
            let store = MemoryJournalStore()
            var first = JournalTestStreams.replay()
            var session = try! await JournalSession.attach(
                store,
                to: &first,
                batchSize: batch,
                snapshotInterval: interval
            )
            try! await JournalTestStreams.feed(Self.lines.prefix(stop), into: &first, session: &session)
            var second = JournalTestStreams.replay()
            var resumed = try! await JournalSession.attach(
                store,
                to: &second,
                batchSize: batch,
                snapshotInterval: interval
            )
            let snapshot = await store.snapshots.last
            #expect(resumed.resumeLine == (snapshot?.line ?? 0))
            #expect(resumed.unusedSnapshot == nil)
            try! await JournalTestStreams.feed(Self.lines, into: &second, session: &resumed)
            try! await resumed.finish(&second)
            #expect(await store.stored == expected)
            #expect(second.report() == report)
        }
    }

    @Test func aSnapshotThatDoesNotMatchTheJournalIsNotUsed() async throws {
        let expected = try await JournalTestStreams.journal(of: Self.lines)
        let store = MemoryJournalStore()
        var first = JournalTestStreams.replay()
        var session = try await JournalSession.attach(store, to: &first, batchSize: 50, snapshotInterval: 100)
        try await JournalTestStreams.feed(Self.lines.prefix(450), into: &first, session: &session)
        let snapshots = await store.snapshots
        #expect(snapshots.map(\.line) == [300, 400])
        var latest = try #require(snapshots.last)
        latest.head[0] ^= 1
        await store.saveSnapshot(latest)
        var second = JournalTestStreams.replay()
        var resumed = try await JournalSession.attach(store, to: &second, batchSize: 50, snapshotInterval: 100)
        #expect(resumed.resumeLine == 300, "the snapshot before the latest")
        #expect(resumed.unusedSnapshot?.contains("does not match the journal") == true)
        try await JournalTestStreams.feed(Self.lines, into: &second, session: &resumed)
        try await resumed.finish(&second)
        #expect(await store.stored == expected)
    }

    @Test func aJournalOfAnotherConfigIsNotResumed() async throws {
        let store = try await Self.store(holding: Self.lines.prefix(10))
        var other = JournalTestStreams.replay(configYAML: JournalTestStreams.configYAML + "\n# edited\n")
        let error = await #expect(throws: JournalError.self) { try await JournalSession.attach(store, to: &other) }
        #expect(error?.code == .headerMismatch)
        #expect(error?.message.contains("another protocol config") == true)
    }

    @Test func aJournalOfAnotherStreamIsNotResumed() async throws {
        let store = try await Self.store(holding: Self.lines.prefix(100))
        let before = await store.stored
        var other = JournalTestStreams.replay()
        var resumed = try await JournalSession.attach(store, to: &other, batchSize: 8)
        let otherLines = JournalTestStreams.lines(300, seed: 99)
        let error = await #expect(throws: JournalError.self) {
            try await JournalTestStreams.feed(otherLines, into: &other, session: &resumed)
            try await resumed.finish(&other)
        }
        #expect(error?.code == .streamMismatch)
        #expect(await store.stored == before)
    }

    @Test func aJournalLongerThanTheStreamIsNotResumed() async throws {
        let store = try await Self.store(holding: Self.lines.prefix(100))
        var shorter = JournalTestStreams.replay()
        var resumed = try await JournalSession.attach(store, to: &shorter)
        try await JournalTestStreams.feed(Self.lines.prefix(50), into: &shorter, session: &resumed)
        let error = await #expect(throws: JournalError.self) { try await resumed.finish(&shorter) }
        #expect(error?.code == .streamMismatch)
        #expect(error?.message.contains("longer stream") == true)
    }

    @Test func anAlteredJournalIsNotResumed() async throws {
        var records = try await Self.store(holding: Self.lines.prefix(50)).stored
        records[20].bytes[records[20].bytes.count - 1] ^= 1
        let store = MemoryJournalStore()
        try await store.append(records)
        var replay = JournalTestStreams.replay()
        let error = await #expect(throws: JournalError.self) { try await JournalSession.attach(store, to: &replay) }
        #expect(error?.message.contains("does not verify, so it is not resumed: record 21:") == true)
    }
}
