public import BreakwaterCore
public import BreakwaterPipeline

/// A JSON Lines file read to its end, or standard input (`-`) until it closes: the stream `replay` decides.
///
/// One buffer serves the whole file, and a line is lent in place, so reading allocates nothing per line.
public struct FileSource: EventSource {
    /// The file, or `-` for standard input.
    public let path: String
    /// A longer line is handed out cut, for the reader to refuse, and read past (`stream.max_line_bytes`).
    public var maxLineBytes: Int

    /// A source reading the file at `path`, or standard input when it is `-`.
    public init(path: String, maxLineBytes: Int = Int(StreamSettings().maxLineBytes)) {
        self.path = path
        self.maxLineBytes = maxLineBytes
    }

    /// `file PATH`, or `standard input`.
    public var name: String { path == "-" ? "standard input" : "file \(path)" }

    /// Reads the file line by line until its end.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        let reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
        while let line = try reader.nextLine() { _ = try await body(line) }
    }
}
