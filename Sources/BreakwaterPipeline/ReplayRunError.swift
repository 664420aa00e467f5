/// Why a replay of a source stopped before the source's end.
public struct ReplayRunError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case unreadableSource, badLine, journal
        }
        private let value: Value

        /// The source could not be opened or read.
        public static let unreadableSource = Code(value: .unreadableSource)
        /// A line was bad and the run was to stop at the first (`--strict`).
        public static let badLine = Code(value: .badLine)
        /// The journal could not be written, or holds another run.
        public static let journal = Code(value: .journal)

        /// The code in words: `unreadable source`, `bad line`, `journal`.
        public var description: String {
            switch value {
            case .unreadableSource: "unreadable source"
            case .badLine: "bad line"
            case .journal: "journal"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person.
    public var message: String
    /// What failed underneath: the ``StreamError``, the ``JournalError`` or the source's own error.
    public var cause: (any Error)?

    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a sentence for a person.
    ///   - cause: what failed underneath, if anything.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The ``message``.
    public var description: String { message }
}
