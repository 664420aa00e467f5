import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterSources
import Foundation

/// Writes a generated stream as JSON Lines, then times `replay` on it end to end, as the command runs it.
struct ReplayBenchmark {
    struct Result {
        var lines: Int
        var bytes: UInt64
        var seconds: Double
        var residentAtCheckpoints: [(lines: Int, bytes: UInt64)]
        var journalHead: String
    }

    let config: ProtocolConfig
    let configYAML: String
    let lines: Int
    let seed: UInt64
    let path: String
    let checkpoints: Set<Int>
    let progress: (String) -> Void

    /// Writes `lines` events of the mixed stream to `path`.
    func writeStream() throws -> UInt64 {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? handle.close() }
        var stream = MixedStream(config: config, seed: seed)
        let encoder = EventEncoder(config: config)
        var buffer: [UInt8] = []
        var written: UInt64 = 0
        for index in 1...lines {
            guard let event = stream.next() else { break }
            buffer.append(contentsOf: encoder.line(for: event, accounts: stream.accounts).utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 || index == lines {
                try handle.write(contentsOf: buffer)
                written += UInt64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
            if index % 1_000_000 == 0 { progress("stream: \(index / 1_000_000) M lines written") }
        }
        // Flushed before the timed replay, so the kernel's writing back of the file does not run during it.
        try handle.synchronize()
        return written
    }

    func run(bytes: UInt64) async throws -> Result {
        var resident: [(lines: Int, bytes: UInt64)] = []
        var replay = Replay(config: config, configYAML: configYAML)
        let start = ProcessGauges.nanoseconds()
        var noJournal: JournalSession?
        let count = try await replay.run(FileSource(path: path), journal: &noJournal, progressInterval: 1_000_000) {
            count in
            if checkpoints.contains(count) { resident.append((count, ProcessGauges.residentBytes())) }
            progress("replay: \(count / 1_000_000) M lines")
        }
        let report = replay.report()
        let seconds = Double(ProcessGauges.nanoseconds() - start) / 1e9
        if !resident.contains(where: { $0.lines == count }) {
            resident.append((count, ProcessGauges.residentBytes()))
        }
        return Result(
            lines: count,
            bytes: bytes,
            seconds: seconds,
            residentAtCheckpoints: resident,
            journalHead: report.journalHead
        )
    }
}
