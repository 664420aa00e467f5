import Foundation
import Synchronization

/// Progress of long work on standard error: a bar redrawn in place with an ETA on a terminal, plain lines at each
/// tenth (and at the end of each phase) otherwise, so logs stay readable.
final class ProgressBar: Sendable {
    private struct State {
        var phase = ""
        var started = ContinuousClock.now
        var lastTenth = -1
    }

    private let state = Mutex(State())
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let command: String

    init(command: String) {
        self.command = command
    }

    /// Reports `done` of `total` steps of `phase`.
    func update(phase: String, done: Int, total: Int) {
        let line: String? = state.withLock { state in
            if state.phase != phase {
                state = State(phase: phase, started: .now, lastTenth: -1)
            }
            let fraction = total > 0 ? Double(done) / Double(total) : 1
            let elapsed = Self.seconds(ContinuousClock.now - state.started)
            let eta =
                done > 0 && done < total ? " ETA " + Self.duration(elapsed / Double(done) * Double(total - done)) : ""
            let counts = "\(command): \(phase) \(done)/\(total)"
            if isTerminal {
                let filled = Int(fraction * 30)
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
                return "\r\u{1B}[2K[\(bar)] \(counts) \(Self.duration(elapsed))\(eta)" + (done == total ? "\n" : "")
            }
            let tenth = Int(fraction * 10)
            guard tenth > state.lastTenth || done == total else { return nil }
            state.lastTenth = tenth
            return "\(counts) (\(Self.duration(elapsed))\(eta))\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `4s`, `2m05s`.
    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole)s" : "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s"
    }
}
