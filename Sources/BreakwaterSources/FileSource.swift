public import BreakwaterPipeline

/// A JSON Lines file read to its end, or standard input (`-`) until it closes: the stream `replay` decides.
///
/// One buffer serves the whole file, and a line is lent in place, so reading allocates nothing per line.
public struct FileSource: EventSource {
    /// The file, or `-` for standard input.
    public let path: String

    /// A source reading the file at `path`, or standard input when it is `-`.
    public init(path: String) {
        self.path = path
    }

    /// `file PATH`, or `standard input`.
    public var name: String { path == "-" ? "standard input" : "file \(path)" }

    /// Reads the file line by line until its end.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        let reader = try LineReader(path: path)
        while let line = try reader.nextLine() { _ = try await body(line) }
    }
}
