import BreakwaterCore
import Foundation
import Testing

@testable import BreakwaterPipeline

/// `docs/journal.md` is the format's specification: it must give every event kind's code and every record's tag.
@Suite struct JournalDocumentationTests {
    static let journalDoc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/journal.md")

    @Test func everyEventKindCodeAndRecordTagIsDocumented() throws {
        let text = try String(contentsOf: Self.journalDoc, encoding: .utf8)
        for kind in Event.Kind.allCases {
            #expect(text.contains("| \(kind.canonicalCode) | `\(kind.rawValue)` |"), "\(kind) is not in journal.md")
        }
        for kind in JournalRecord.Kind.allCases {
            let tag = String(UnicodeScalar(kind.tag))
            #expect(text.contains("(`\(tag)`)"), "the \(kind) record's tag is not in journal.md")
        }
        #expect(text.contains("format version") && text.contains("\(JournalHeader.currentFormatVersion)"))
    }
}
