import Foundation

/// Reads a file or standard input in large chunks and hands out its lines, without their newlines, in place.
///
/// One buffer serves the whole stream: lines are found with `memchr` and passed as pointers into it, so reading
/// allocates nothing per line and memory stays flat however long the stream is. The buffer grows only for a line
/// longer than itself.
enum LineReader {
    /// Why reading stopped: the `errno` of the failed call.
    struct ReadError: Error {
        var code: Int32
    }

    /// Calls `body` with every line of `path` ('-' for standard input) in order, the last one even without a final
    /// newline; `chunk` is how much one read asks for, and the buffer's first size.
    static func forEachLine(
        of path: String,
        chunk: Int = 1 << 20,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        precondition(chunk > 0)
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError(code: errno) }
        defer { if path != "-" { close(descriptor) } }
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var filled = 0
        var lineStart = 0
        while true {
            if filled == buffer.count {
                if lineStart > 0 {
                    // Keep the unfinished line: move it to the front.
                    buffer.baseAddress!.update(from: buffer.baseAddress! + lineStart, count: filled - lineStart)
                    filled -= lineStart
                    lineStart = 0
                } else {
                    let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                    larger.baseAddress!.initialize(from: buffer.baseAddress!, count: filled)
                    buffer.deallocate()
                    buffer = larger
                }
            }
            let read = Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if read < 0 {
                if errno == EINTR { continue }
                throw ReadError(code: errno)
            }
            if read == 0 {
                if lineStart < filled { try body(UnsafeBufferPointer(start: buffer.baseAddress! + lineStart, count: filled - lineStart)) }
                return
            }
            var scanFrom = filled
            filled += read
            while let found = memchr(buffer.baseAddress! + scanFrom, Int32(UInt8(ascii: "\n")), filled - scanFrom) {
                let newline = found.assumingMemoryBound(to: UInt8.self) - buffer.baseAddress!
                try body(UnsafeBufferPointer(start: buffer.baseAddress! + lineStart, count: newline - lineStart))
                lineStart = newline + 1
                scanFrom = lineStart
            }
        }
    }
}
