import Foundation
import Testing

/// The Python check in `docs/journal.md` gives `journal verify`'s verdict on a real journal: the specification is
/// complete enough for another tool.
@Suite struct JournalPythonCheckTests {
    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The first ```python block of the journal spec.
    static func documentedCheck() throws -> String {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/journal.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let start = try #require(text.range(of: "```python\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test(.enabled(if: python != nil)) func theDocumentedCheckAgreesWithVerify() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let journal = folder.appendingPathComponent("demo.journal").path
        #expect(try BreakwaterProcess.run(["demo", "--journal", journal]).status == 0)
        let verify = try BreakwaterProcess.run(["journal", "verify", journal])
        #expect(verify.status == 0, "\(verify.stderr)")
        let script = folder.appendingPathComponent("check.py")
        try Data(try Self.documentedCheck().utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [script.path, journal]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        // `journal verify` says `PATH: N records verify; head HEX`; the check says `N records verify; head HEX`.
        #expect(verify.stdout.hasSuffix(printed), "verify: \(verify.stdout) check: \(printed)")
        #expect(printed.contains("records verify; head "))
    }
}
