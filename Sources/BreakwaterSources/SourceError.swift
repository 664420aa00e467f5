#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a source could not be read.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case cannotOpen, cannotRead
        }
        private let value: Value

        /// The file does not exist or may not be read.
        public static let cannotOpen = Code(value: .cannotOpen)
        /// Reading failed.
        public static let cannotRead = Code(value: .cannotRead)

        /// The code in words: `cannot open`, `cannot read`.
        public var description: String {
            switch value {
            case .cannotOpen: "cannot open"
            case .cannotRead: "cannot read"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person: `cannot open events.jsonl: No such file or directory`.
    public var message: String
    /// The `errno` of the failed call.
    public var errno: Int32

    /// The failure of a call on the file at `path` (`-`: standard input) with `errno`.
    public init(_ code: Code, path: String, errno: Int32) {
        self.code = code
        self.errno = errno
        let name = path == "-" ? "standard input" : path
        message = "\(code) \(name): \(String(cString: strerror(errno)))"
    }

    /// The ``message``.
    public var description: String { message }
}
