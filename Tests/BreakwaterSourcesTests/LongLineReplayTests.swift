import BreakwaterPipeline
import BreakwaterTesting
import Foundation
import Testing

@testable import BreakwaterSources

/// A replay over a file with a line past `stream.max_line_bytes` reports that line and decides every other.
@Suite struct LongLineReplayTests {
    @Test func aLinePastTheLimitIsOneBadLineAndTheRestAreDecided() async throws {
        let yaml = JournalTestStreams.configYAML + "\nstream:\n  max_line_bytes: 1024\n"
        var replay = JournalTestStreams.replay(configYAML: yaml)
        let lines = JournalTestStreams.lines(3)
        let huge = #"{"ts":1700000000000,"kind":"tick","x":""# + String(repeating: "z", count: 5_000_000) + #""}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID()).jsonl").path
        try ([lines[0], huge, lines[1], lines[2]].joined(separator: "\n") + "\n").write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        var noJournal: JournalSession?
        let read = try await replay.run(FileSource(path: path, maxLineBytes: 1024), journal: &noJournal)
        #expect(read == 4)
        #expect(replay.errors.map(\.line) == [2])
        #expect(replay.errors.first?.message == "longer than 1024 bytes (stream.max_line_bytes)")
        #expect(replay.accepted + replay.rejectedCount == 3)
    }
}
