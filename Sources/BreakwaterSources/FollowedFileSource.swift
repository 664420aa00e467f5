public import BreakwaterCore
public import BreakwaterPipeline

/// A JSON Lines file read as it grows, as `tail -f` does: it never ends.
public struct FollowedFileSource: EventSource {
    /// The file followed.
    public let path: String
    /// How long to wait when there is no whole line yet.
    public var pollInterval: Duration
    /// A longer line is handed out cut, for the reader to refuse, and read past (`stream.max_line_bytes`).
    public var maxLineBytes: Int

    /// A source following the file at `path`, waiting `pollInterval` whenever there is no whole line yet.
    public init(
        path: String,
        pollInterval: Duration = .milliseconds(200),
        maxLineBytes: Int = Int(StreamSettings().maxLineBytes)
    ) {
        self.path = path
        self.pollInterval = pollInterval
        self.maxLineBytes = maxLineBytes
    }

    /// `file PATH`.
    public var name: String { "file \(path)" }

    /// Reads the file's lines as they are written, until the task is cancelled.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        try await LineReader(path: path, maxLineBytes: maxLineBytes).poll(every: pollInterval, body)
    }
}

/// Standard input read as it comes, without blocking, until it is closed.
public struct StandardInputSource: EventSource {
    /// How long to wait when there is no whole line yet.
    public var pollInterval: Duration
    /// A longer line is handed out cut, for the reader to refuse, and read past (`stream.max_line_bytes`).
    public var maxLineBytes: Int

    /// A source reading standard input, waiting `pollInterval` whenever there is no whole line yet.
    public init(pollInterval: Duration = .milliseconds(200), maxLineBytes: Int = Int(StreamSettings().maxLineBytes)) {
        self.pollInterval = pollInterval
        self.maxLineBytes = maxLineBytes
    }

    /// `standard input`.
    public var name: String { "standard input" }

    /// Reads standard input's lines as they come, until it is closed or the task is cancelled.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        try await LineReader(path: "-", maxLineBytes: maxLineBytes).poll(every: pollInterval, body)
    }
}

extension LineReader {
    /// Hands out the lines of a growing stream as they come, waiting `interval` whenever there is no whole line
    /// yet, until the stream ends (standard input closed) or the task is cancelled.
    func poll(every interval: Duration, _ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        while true {
            try Task.checkCancellation()
            switch try poll() {
            case .line(let line): _ = try await body(line)
            case .waiting: try await Task.sleep(for: interval)
            case .ended: return
            }
        }
    }
}
