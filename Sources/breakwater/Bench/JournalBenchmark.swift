import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterStorage
import Foundation

/// Times the journal on SQLite: batched appends (synced FULL, the default, and NORMAL; in the benchmark's batches and
/// in the service's), verification, and the replay of a journal's events.
struct JournalBenchmark {
    struct Result {
        var events: Int
        var records: Int
        var bytes: UInt64
        var appendSeconds: Double
        /// The same appends synced NORMAL, and both in the service's batches.
        var appendNormalSeconds: Double
        var serviceBatchFullSeconds: Double
        var serviceBatchNormalSeconds: Double
        var verifySeconds: Double
        var replaySeconds: Double
        var head: String
        var replayedHead: String
    }

    let config: ProtocolConfig
    let configYAML: String
    let events: Int
    let seed: UInt64
    let path: String
    let batchSize = 16_384
    /// The batch the service writes (`buildApplication`), at least once a second.
    let serviceBatchSize = 4_096
    let progress: (String) -> Void

    func run() async throws -> Result {
        ScratchJournal.remove(path)
        defer { ScratchJournal.remove(path) }
        progress("journal: running \(events) events to make their records")
        let records = makeRecords()
        let head = records.last?.hash.hexString ?? ""

        progress("journal: appending \(records.count) records to \(path), synced NORMAL, then FULL")
        let appendNormalSeconds = try await timeAppends(records, sync: .normal, batchSize: batchSize)
        let serviceBatchNormalSeconds = try await timeAppends(records, sync: .normal, batchSize: serviceBatchSize)
        let serviceBatchFullSeconds = try await timeAppends(records, sync: .full, batchSize: serviceBatchSize)
        let store = try SQLiteJournalStore(path: path, sync: .full)
        var start = ProcessGauges.nanoseconds()
        for offset in stride(from: 0, to: records.count, by: batchSize) {
            try await store.append(Array(records[offset..<min(offset + batchSize, records.count)]))
        }
        let appendSeconds = Self.seconds(since: start)
        // A journal is read after its writer closed it, which moves the write-ahead log into the file: read it so.
        try await store.checkpoint()
        // The file and its write-ahead log, which holds what SQLite has not checkpointed into the file yet.
        let bytes = ["", "-wal"].reduce(UInt64(0)) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? UInt64) ?? 0)
        }

        progress("journal: verifying")
        start = ProcessGauges.nanoseconds()
        let verification = try await JournalVerification.check(store)
        let verifySeconds = Self.seconds(since: start)
        guard verification.isIntact, verification.verified == records.count else {
            throw JournalError(.streamMismatch, "the benchmark's journal did not verify: \(verification)")
        }

        progress("journal: replaying its events")
        start = ProcessGauges.nanoseconds()
        let replay = try await JournalReplay.run(store)
        let replaySeconds = Self.seconds(since: start)
        return Result(
            events: events,
            records: records.count,
            bytes: bytes,
            appendSeconds: appendSeconds,
            appendNormalSeconds: appendNormalSeconds,
            serviceBatchFullSeconds: serviceBatchFullSeconds,
            serviceBatchNormalSeconds: serviceBatchNormalSeconds,
            verifySeconds: verifySeconds,
            replaySeconds: replaySeconds,
            head: head,
            replayedHead: replay.journal.head
        )
    }

    /// The records of a replay of the mixed stream, kept in memory so the appends are timed alone.
    private func makeRecords() -> [JournalRecord] {
        var replay = Replay(config: config, configYAML: configYAML)
        replay.keepJournalRecords()
        var stream = MixedStream(config: config, seed: seed)
        for _ in 0..<events {
            guard let event = stream.next() else { break }
            replay.apply(event, accounts: stream.accounts)
        }
        return replay.takeJournalRecords()
    }

    /// Seconds to append `records` to a new file at ``path`` in batches of `batchSize`, synced by `sync`; the file
    /// is removed after.
    private func timeAppends(_ records: [JournalRecord], sync: JournalSync, batchSize: Int) async throws -> Double {
        defer { ScratchJournal.remove(path) }
        let store = try SQLiteJournalStore(path: path, sync: sync)
        let start = ProcessGauges.nanoseconds()
        for offset in stride(from: 0, to: records.count, by: batchSize) {
            try await store.append(Array(records[offset..<min(offset + batchSize, records.count)]))
        }
        return Self.seconds(since: start)
    }

    private static func seconds(since start: UInt64) -> Double { Double(ProcessGauges.nanoseconds() - start) / 1e9 }
}
