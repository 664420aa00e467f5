import BreakwaterCore
import Foundation

/// Reads a file or standard input in large chunks and hands out its lines, without their newlines, in place.
///
/// One buffer serves the whole stream: lines are found with `memchr` and handed out as pointers into it, so reading
/// allocates nothing per line and memory stays flat however long the stream is. The buffer grows only for a line
/// longer than itself, and never for more than `maxLineBytes` of one: of a longer line only its first
/// `maxLineBytes + 1` bytes are handed out (enough for the reader to refuse it), and the rest is read past without
/// being kept. Lines are pulled one at a time (``nextLine()``), so the caller may await between them.
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
    /// The longest line kept whole.
    private let maxLineBytes: Int
    /// Whether the bytes read are the rest of a line past the limit, dropped up to its newline.
    private var skippingLongLine = false

    /// Opens `path` ('-' for standard input); `chunk` is how much one read asks for, and the buffer's first size;
    /// a line longer than `maxLineBytes` is cut to `maxLineBytes + 1` bytes and the rest read past.
    init(path: String, chunk: Int = 1 << 20, maxLineBytes: Int = Int(StreamSettings().maxLineBytes)) throws(SourceError)
    {
        precondition(chunk > 0 && maxLineBytes > 0)
        self.path = path
        self.maxLineBytes = maxLineBytes
        ownsDescriptor = path != "-"
        descriptor = ownsDescriptor ? open(path, O_RDONLY) : STDIN_FILENO
        guard descriptor >= 0 else { throw SourceError(.cannotOpen, path: path, errno: errno) }
        buffer = .allocate(capacity: chunk)
    }

    /// The buffer's size: what the reader holds, however long the lines.
    var bufferSize: Int { buffer.count }

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
            if atEnd, !ownsDescriptor { return takeRest().map(Poll.line) ?? .ended }
            atEnd = false
            if filled == before { return .waiting }
        }
    }

    private var isNonBlocking = false

    /// The unfinished last line, handed out at the end of the stream (cut past the limit); `nil` if there is none.
    private func takeRest() -> UnsafeBufferPointer<UInt8>? {
        defer { (lineStart, scanFrom) = (filled, filled) }
        guard lineStart < filled, !skippingLongLine else { return nil }
        return UnsafeBufferPointer(
            start: buffer.baseAddress! + lineStart,
            count: min(filled - lineStart, maxLineBytes + 1)
        )
    }

    /// The next line, valid until the next call; `nil` after the last one, which needs no final newline.
    func nextLine() throws(SourceError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let line = bufferedLine() { return line }
            if atEnd { return takeRest() }
            try fill()
        }
    }

    /// The next line ending with a newline in what is buffered, if there is one, or the first `maxLineBytes + 1`
    /// bytes of a line past the limit. Reads the buffer's address each time: filling may move it.
    private func bufferedLine() -> UnsafeBufferPointer<UInt8>? {
        let base = buffer.baseAddress!
        while true {
            guard scanFrom < filled,
                let found = memchr(base + scanFrom, Int32(UInt8(ascii: "\n")), filled - scanFrom)
            else {
                scanFrom = filled
                return longLinePrefix()
            }
            let newline = found.assumingMemoryBound(to: UInt8.self) - base
            let start = lineStart
            lineStart = newline + 1
            scanFrom = lineStart
            if skippingLongLine {
                // The end of a line past the limit, already handed out: on to the next.
                skippingLongLine = false
                continue
            }
            return UnsafeBufferPointer(start: base + start, count: min(newline - start, maxLineBytes + 1))
        }
    }

    /// With no newline in sight: the first `maxLineBytes + 1` bytes of the current line once it is past the limit
    /// (the rest of it is then dropped as it is read), and `nil` while it may still end in time.
    private func longLinePrefix() -> UnsafeBufferPointer<UInt8>? {
        if skippingLongLine {
            (lineStart, scanFrom) = (filled, filled)
            return nil
        }
        guard filled - lineStart > maxLineBytes else { return nil }
        let prefix = UnsafeBufferPointer(start: buffer.baseAddress! + lineStart, count: maxLineBytes + 1)
        skippingLongLine = true
        (lineStart, scanFrom) = (filled, filled)
        return prefix
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
