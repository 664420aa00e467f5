import ArgumentParser
import Foundation

/// Lines written to a file or to standard output, through a buffer.
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Creates (or truncates) the file at `path`, or writes to standard output when it is `nil`.
    init(path: String?) throws {
        guard let path else {
            handle = .standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            Terminal.error("cannot write \(path)")
            throw ExitCode(1)
        }
        self.handle = handle
    }

    /// Writes `line` and a newline.
    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Appends what `write` puts in the buffer (its own newlines included).
    func write(bytes write: (inout [UInt8]) -> Void) {
        write(&buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Writes what is buffered.
    func finish() { flush() }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
