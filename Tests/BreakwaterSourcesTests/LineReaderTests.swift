import Foundation
import PropertyBased
import Testing

@testable import BreakwaterSources

/// The stream reader hands out exactly the file's lines, whatever the read size, line lengths and last newline.
@Suite struct LineReaderTests {
    static func lines(of text: [UInt8], chunk: Int, maxLineBytes: Int = 1 << 20) throws -> [[UInt8]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).jsonl").path
        try Data(text).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [[UInt8]] = []
        let reader = try LineReader(path: path, chunk: chunk, maxLineBytes: maxLineBytes)
        while let line = try reader.nextLine() { lines.append(Array(line)) }
        return lines
    }

    @Test func readsEveryLineAcrossChunkBoundaries() async {
        let line = Gen.uint8(in: 32...126).array(of: 0...40)
        await propertyCheck(count: 300, input: line.array(of: 0...30), Gen.int(in: 1...64), Gen.bool) {
            lines,
            chunk,
            finalNewline in
            var text = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            if finalNewline && !lines.isEmpty { text.append(UInt8(ascii: "\n")) }
            // Without a final newline an empty last line is no line at all.
            var expected = lines
            if !finalNewline, expected.last?.isEmpty == true { expected.removeLast() }
            #expect((try? Self.lines(of: text, chunk: chunk)) == expected)
        }
    }

    @Test func aLineLongerThanTheBufferIsReadWhole() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        #expect(try Self.lines(of: long + [10] + [UInt8(ascii: "y")], chunk: 16) == [long, [UInt8(ascii: "y")]])
    }

    /// A line past the limit is handed out cut to the limit and one byte (for the reader to refuse it), whatever
    /// the read size, and the lines after it are read whole.
    @Test func aLinePastTheLimitIsCutAndReadPast() async {
        let line = Gen.uint8(in: 32...126).array(of: 0...60)
        await propertyCheck(
            count: 300,
            input: line.array(of: 0...20),
            Gen.int(in: 1...64),
            Gen.int(in: 1...30),
            Gen.bool
        ) { lines, chunk, limit, finalNewline in
            var text = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            if finalNewline && !lines.isEmpty { text.append(UInt8(ascii: "\n")) }
            var expected = lines.map { Array($0.prefix(limit + 1)) }
            if !finalNewline, expected.last?.isEmpty == true { expected.removeLast() }
            #expect((try? Self.lines(of: text, chunk: chunk, maxLineBytes: limit)) == expected)
        }
    }

    /// Reading past a line of 64 MiB holds no more than the limit and a read's worth of it.
    @Test func aHugeLineIsNotHeldInMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID()).jsonl").path
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 64 << 20)
        try Data(huge + [10] + Array(#"{"ts":1}"#.utf8)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path, chunk: 4096, maxLineBytes: 1024)
        var lines: [[UInt8]] = []
        var largest = 0
        while let line = try reader.nextLine() {
            lines.append(Array(line))
            largest = max(largest, reader.bufferSize)
        }
        #expect(lines.map(\.count) == [1025, 8])
        #expect(largest <= 4 * 4096)
    }

    /// The same when the file is followed as it grows: the long line's rest arrives in later reads.
    @Test func aFollowedFileReadsPastALongLineAsItGrows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grow-\(UUID()).jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let reader = try LineReader(path: path, chunk: 64, maxLineBytes: 100)
        var lines: [[UInt8]] = []
        func drain() throws {
            while case .line(let line) = try reader.poll() { lines.append(Array(line)) }
        }
        for _ in 0..<50 {
            writer.write(Data(repeating: UInt8(ascii: "b"), count: 97))
            try drain()
        }
        writer.write(Data([10] + Array("next".utf8) + [10]))
        try drain()
        try writer.close()
        #expect(lines == [[UInt8](repeating: UInt8(ascii: "b"), count: 101), Array("next".utf8)])
        #expect(reader.bufferSize <= 256)
    }

    @Test func aMissingFileIsAnError() {
        let error = #expect(throws: SourceError.self) { try LineReader(path: "/nonexistent/stream.jsonl") }
        #expect(
            error?.code == .cannotOpen
                && error?.message == "cannot open /nonexistent/stream.jsonl: No such file or directory"
        )
    }
}
