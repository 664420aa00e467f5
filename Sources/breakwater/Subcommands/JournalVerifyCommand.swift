import ArgumentParser
import BreakwaterEngine
import BreakwaterPipeline
import Foundation

struct JournalVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record of a journal and name the first that does not verify.",
        discussion: """
            Recomputes the SHA-256 chain from the first record and checks each record's sequence, kind and \
            timestamp against its bytes. Exit code 0 when the whole journal verifies, 1 when a record does not \
            (or the file cannot be read).
            Example: breakwater journal verify run.journal
            """
    )

    @Argument(help: "The journal (SQLite file).")
    var path: String

    @Option(help: "text for people, json for scripts.")
    var format: OutputFormat = .text

    func run() async throws {
        let store = try JournalFile.openExisting(path)
        let result: JournalVerification
        do {
            result = try await JournalVerification.check(store) { count in
                if count % 1_048_576 == 0 { Terminal.progress("verified \(count) records") }
            }
        } catch {
            throw JournalFile.fail(path, error)
        }
        print(format == .json ? json(result) : text(result))
        if !result.isIntact { throw ExitCode(1) }
    }

    private func text(_ result: JournalVerification) -> String {
        guard let failure = result.failure else {
            return "\(path): \(result.verified) records verify; head \(result.head)"
        }
        return "\(path): \(failure) (the \(result.verified) records before it verify)"
    }

    private func json(_ result: JournalVerification) -> String {
        struct Output: Encodable {
            struct Failure: Encodable {
                var sequence: Int
                var reason: String
            }
            var path: String
            var intact: Bool
            var verified: Int
            var head: String
            var failure: Failure?
        }
        let output = Output(
            path: path,
            intact: result.isIntact,
            verified: result.verified,
            head: result.head,
            failure: result.failure.map { Output.Failure(sequence: $0.sequence, reason: $0.reason) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data(), as: UTF8.self)
    }
}
