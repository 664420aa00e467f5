import Foundation
import PropertyBased
import Testing

@testable import BreakwaterSources

/// The stream reader hands out exactly the file's lines, whatever the read size, line lengths and last newline.
@Suite struct LineReaderTests {
    static func lines(of text: [UInt8], chunk: Int) throws -> [[UInt8]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).jsonl").path
        try Data(text).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [[UInt8]] = []
        let reader = try LineReader(path: path, chunk: chunk)
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

    @Test func aMissingFileIsAnError() {
        let error = #expect(throws: SourceError.self) { try LineReader(path: "/nonexistent/stream.jsonl") }
        #expect(
            error?.code == .cannotOpen
                && error?.message == "cannot open /nonexistent/stream.jsonl: No such file or directory"
        )
    }
}
