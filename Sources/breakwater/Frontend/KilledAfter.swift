import BreakwaterPipeline
import Foundation

/// A source that kills the process with SIGKILL once `lines` lines have been fed: the crash-recovery tests' hook
/// (`replay --test-kill-after-line N`).
struct KilledAfter<Base: EventSource>: EventSource {
    let lines: Int
    let base: Base

    init(lines: Int, of base: Base) {
        self.lines = lines
        self.base = base
    }

    var name: String { base.name }

    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        var count = 0
        try await base.forEachLine { line in
            let caughtUp = try await body(line)
            count += 1
            if count == lines { kill(getpid(), SIGKILL) }
            return caughtUp
        }
    }
}
