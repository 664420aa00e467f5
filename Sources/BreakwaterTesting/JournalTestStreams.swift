public import BreakwaterCore
import BreakwaterFormats
public import BreakwaterPipeline
import BreakwaterSimulation
import Foundation

/// Seeded streams and the journals they write, for tests of stores and of what reads a journal.
public enum JournalTestStreams {
    /// The embedded reference protocol's config text.
    public static let configYAML = DefaultProtocol.yaml
    /// The embedded reference protocol.
    public static let config = try! ConfigLoader.load(yaml: configYAML)

    /// `count` lines of the seeded mixed stream on the embedded protocol, as JSON Lines.
    public static func lines(_ count: Int, seed: UInt64 = 7) -> [String] {
        var stream = MixedStream(config: config, seed: seed, traders: 50)
        let encoder = EventEncoder(config: config)
        return (0..<count).compactMap { _ in stream.next().map { encoder.line(for: $0, accounts: stream.accounts) } }
    }

    /// A replay of the embedded protocol, not fed yet.
    public static func replay(configYAML: String = configYAML) -> Replay {
        Replay(config: try! ConfigLoader.load(yaml: configYAML), configYAML: configYAML)
    }

    /// Feeds `lines` to `replay`, writing its journal (and snapshots) through `session`, as the CLI's feeder does:
    /// the lines a restored snapshot covers are skipped.
    public static func feed(
        _ lines: some Sequence<String>,
        into replay: inout Replay,
        session: inout JournalSession,
        from first: Int = 1
    ) async throws {
        for (offset, line) in lines.enumerated() {
            let number = first + offset
            if number <= session.resumeLine { continue }
            replay.feed(line: Array(line.utf8), number: number)
            if session.isDue(replay, line: number) { try await session.checkpoint(&replay, line: number) }
        }
    }

    /// The journal an uninterrupted run of `lines` writes to a memory store.
    public static func journal(
        of lines: [String],
        configYAML: String = configYAML,
        batchSize: Int = 64
    ) async throws -> [JournalRecord] {
        let store = MemoryJournalStore()
        var replay = replay(configYAML: configYAML)
        var session = try await JournalSession.attach(store, to: &replay, batchSize: batchSize)
        try await feed(lines, into: &replay, session: &session)
        try await session.finish(&replay)
        return await store.stored
    }

    /// The journal of `lines` as a run stopped after line `stop` (its unwritten batches lost) and then run again over
    /// the whole stream, resuming from what the first wrote, leaves it; and the second run's session.
    public static func resumedJournal(
        of lines: [String],
        stoppingAfter stop: Int,
        batchSize: Int,
        snapshotInterval: Int = 0
    ) async throws -> (records: [JournalRecord], session: JournalSession) {
        let store = MemoryJournalStore()
        var first = replay()
        var session = try await JournalSession.attach(
            store,
            to: &first,
            batchSize: batchSize,
            snapshotInterval: snapshotInterval
        )
        try await feed(lines.prefix(stop), into: &first, session: &session)
        var second = replay()
        var resumed = try await JournalSession.attach(
            store,
            to: &second,
            batchSize: batchSize,
            snapshotInterval: snapshotInterval
        )
        try await feed(lines, into: &second, session: &resumed)
        try await resumed.finish(&second)
        return (await store.stored, resumed)
    }

    /// `records` with every hash recomputed: a journal someone rewrote, which verifies.
    public static func rehashed(_ records: [JournalRecord]) -> [JournalRecord] {
        var chain = HashChain()
        return records.map { record in
            var record = record
            chain.append(record.bytes)
            record.hash = chain.head
            return record
        }
    }

    /// A fresh path for a SQLite journal in the temporary folder.
    public static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).sqlite").path
    }
}
