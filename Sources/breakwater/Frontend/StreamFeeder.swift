import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import Foundation

/// Feeds a JSON Lines stream to a ``Replay`` line by line, writing its journal when there is one: what `replay`
/// runs and what `bench` measures.
struct StreamFeeder {
    /// Why feeding stopped early.
    enum Failure: Error {
        case unreadable(path: String)
        case strictStop(StreamError)
        case journal(JournalError)
    }

    var stopAtFirstError = false
    /// Called every `checkpointInterval` lines with the line count, for progress and memory gauges.
    var checkpointInterval = 0
    var checkpoint: (Int) -> Void = { _ in }
    /// For the crash-recovery tests: the process kills itself with SIGKILL once it has fed this line.
    var killAfterLine: Int?

    /// Feeds every line of `path` ('-' for standard input), and writes the journal to `journal`'s store as it goes.
    ///
    /// - Returns: the number of lines read.
    @discardableResult
    func feed(_ path: String, into replay: inout Replay, journal: inout JournalSession?) async throws(Failure) -> Int {
        let reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw .unreadable(path: path)
        }
        var number = 0
        // A restored snapshot covers the first lines: they are read past, not decoded again.
        let skipped = journal?.resumeLine ?? 0
        do {
            while let line = try reader.nextLine() {
                number += 1
                if number <= skipped { continue }
                if let error = replay.feed(line: line, number: number), stopAtFirstError { throw Failure.strictStop(error) }
                if checkpointInterval > 0, number % checkpointInterval == 0 { checkpoint(number) }
                if number == killAfterLine { kill(getpid(), SIGKILL) }
                if let session = journal, session.isDue(replay, line: number) { try await journal?.checkpoint(&replay, line: number) }
            }
            if number < skipped {
                throw JournalError(
                    .streamMismatch,
                    "the stream ends at line \(number), before line \(skipped) where the journal's snapshot was taken: "
                        + "it is not the stream the journal was written from"
                )
            }
            try await journal?.finish(&replay)
        } catch let failure as Failure {
            throw failure
        } catch let error as JournalError {
            throw .journal(error)
        } catch {
            throw .unreadable(path: path)
        }
        return number
    }
}
