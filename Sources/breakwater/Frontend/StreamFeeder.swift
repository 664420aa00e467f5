import BreakwaterFormats
import BreakwaterForensics

/// Feeds a JSON Lines stream to a ``Replay`` line by line: what `replay` runs and what `bench` measures.
struct StreamFeeder {
    /// Why feeding stopped early.
    enum Failure: Error {
        case unreadable(path: String)
        case strictStop(StreamError)
    }

    var stopAtFirstError = false
    /// Called every `checkpointInterval` lines with the line count, for progress and memory gauges.
    var checkpointInterval = 0
    var checkpoint: (Int) -> Void = { _ in }

    /// Feeds every line of `path` ('-' for standard input).
    ///
    /// - Returns: the number of lines read.
    @discardableResult
    func feed(_ path: String, into replay: inout Replay) throws(Failure) -> Int {
        var number = 0
        do {
            try LineReader.forEachLine(of: path) { line in
                number += 1
                if let error = replay.feed(line: line, number: number), stopAtFirstError { throw Failure.strictStop(error) }
                if checkpointInterval > 0, number % checkpointInterval == 0 { checkpoint(number) }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unreadable(path: path)
        }
        return number
    }
}
