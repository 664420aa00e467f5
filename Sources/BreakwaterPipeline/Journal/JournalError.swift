/// Why a journal could not be written, read, verified or resumed.
///
/// A struct with an extensible ``Code``, so new failure kinds are not source-breaking.
public struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case malformedRecord, unsupportedVersion, headerMismatch, streamMismatch, storage
        }
        private let value: Value

        /// A record's bytes do not decode as the documented canonical encoding.
        public static let malformedRecord = Code(value: .malformedRecord)
        /// The journal was written in a format or schema this build does not read.
        public static let unsupportedVersion = Code(value: .unsupportedVersion)
        /// The journal was written with another config or engine configuration than the run resuming it.
        public static let headerMismatch = Code(value: .headerMismatch)
        /// The records the journal holds are not what this run's stream gives.
        public static let streamMismatch = Code(value: .streamMismatch)
        /// The store failed: a file that cannot be opened, is not a journal, or a write that failed.
        public static let storage = Code(value: .storage)

        public var description: String {
            switch value {
            case .malformedRecord: "malformed record"
            case .unsupportedVersion: "unsupported version"
            case .headerMismatch: "header mismatch"
            case .streamMismatch: "stream mismatch"
            case .storage: "storage"
            }
        }
    }

    public var code: Code
    /// A sentence for a person: what failed and where.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension JournalError {
    /// `error` as a journal error: itself if it is one, a storage error worded from it otherwise.
    package static func wrapping(_ error: any Error) -> JournalError {
        (error as? JournalError) ?? JournalError(.storage, "\(error)")
    }
}
