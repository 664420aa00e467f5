import Foundation

/// Reads a file or standard input in large chunks and hands out its lines, without their newlines, in place.
///
/// One buffer serves the whole stream: lines are found with `memchr` and handed out as pointers into it, so reading
/// allocates nothing per line and memory stays flat however long the stream is. The buffer grows only for a line
/// longer than itself. Lines are pulled one at a time (``nextLine()``), so the caller may await between them.
final class LineReader {

    private let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes read into the buffer so far.
    private var filled = 0
    /// Where the line not yet handed out starts.
    private var lineStart = 0
    /// Where the search for the next newline resumes.
    private var scanFrom = 0
    private var atEnd = false

    /// Opens `path` ('-' for standard input); `chunk` is how much one read asks for, and the buffer's first size.
    init(path: String, chunk: Int = 1 << 20) throws(SourceError) {
        precondition(chunk > 0)
        self.path = path
        ownsDescriptor = path != "-"
        descriptor = ownsDescriptor ? open(path, O_RDONLY) : STDIN_FILENO
        guard descriptor >= 0 else { throw SourceError(.cannotOpen, path: path, errno: errno) }
        buffer = .allocate(capacity: chunk)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// What ``poll()`` found.
    enum Poll {
        case line(UnsafeBufferPointer<UInt8>)
        /// No whole line yet: try again later.
        case waiting
        /// Standard input is closed.
        case ended
    }

    /// For a stream that grows (a file being appended to, or standard input): the next whole line, valid until the
    /// next call, or `.waiting` when there is none yet. A file never ends, it may grow; standard input ends when it
    /// is closed. Standard input is read without blocking.
    func poll() throws(SourceError) -> Poll {
        if !ownsDescriptor, !isNonBlocking {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            isNonBlocking = true
        }
        while true {
            if let line = bufferedLine() { return .line(line) }
            let before = filled
            do {
                try fill()
            } catch  where error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                return .waiting
            }
            if atEnd, !ownsDescriptor { return lineStart < filled ? .line(takeRest()) : .ended }
            atEnd = false
            if filled == before { return .waiting }
        }
    }

    private var isNonBlocking = false

    /// The unfinished last line, handed out whole at the end of the stream.
    private func takeRest() -> UnsafeBufferPointer<UInt8> {
        let line = UnsafeBufferPointer(start: buffer.baseAddress! + lineStart, count: filled - lineStart)
        lineStart = filled
        return line
    }

    /// The next line, valid until the next call; `nil` after the last one, which needs no final newline.
    func nextLine() throws(SourceError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let line = bufferedLine() { return line }
            if atEnd { return lineStart < filled ? takeRest() : nil }
            try fill()
        }
    }

    /// The next line ending with a newline in what is buffered, if there is one. Reads the buffer's address each
    /// time: filling may move it.
    private func bufferedLine() -> UnsafeBufferPointer<UInt8>? {
        let base = buffer.baseAddress!
        guard scanFrom < filled, let found = memchr(base + scanFrom, Int32(UInt8(ascii: "\n")), filled - scanFrom)
        else {
            scanFrom = filled
            return nil
        }
        let newline = found.assumingMemoryBound(to: UInt8.self) - base
        let line = UnsafeBufferPointer(start: base + lineStart, count: newline - lineStart)
        lineStart = newline + 1
        scanFrom = lineStart
        return line
    }

    /// Reads more of the stream, making room first: the unfinished line moves to the front, or the buffer doubles.
    private func fill() throws(SourceError) {
        if filled == buffer.count {
            if lineStart > 0 {
                buffer.baseAddress!.update(from: buffer.baseAddress! + lineStart, count: filled - lineStart)
                filled -= lineStart
                scanFrom -= lineStart
                lineStart = 0
            } else {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                larger.baseAddress!.initialize(from: buffer.baseAddress!, count: filled)
                buffer.deallocate()
                buffer = larger
            }
        }
        while true {
            let read = Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if read < 0 {
                if errno == EINTR { continue }
                throw SourceError(.cannotRead, path: path, errno: errno)
            }
            if read == 0 { atEnd = true }
            filled += read
            return
        }
    }
}
