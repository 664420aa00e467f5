import BreakwaterFormats
public import BreakwaterReportKit

/// What the engine decided on a line a service took from outside its source: `POST` answers with it.
public struct Submission: Codable, Sendable {
    /// The line's place in the service's stream (source and inbox together).
    public var line: Int
    /// Whether the engine accepted it; a refused line is kept in the journal all the same.
    public var accepted: Bool
    /// Why it was refused: a stable code and a sentence; `null` when accepted.
    @NullEncoded public var code: String?
    /// Why it was refused, for a person; `null` when accepted.
    @NullEncoded public var reason: String?
    /// The signals it raised.
    public var signals: [ReplayReport.SignalEntry]
    /// The actions the engine took on it.
    public var actions: [ReplayReport.ActionEntry]
    /// The incident steps it took.
    public var incidents: [Step]

    /// An incident step the line took.
    public struct Step: Codable, Sendable {
        /// The incident's id: `INC-0001`, …
        public var incident: String
        /// `opened`, `contained`, `acknowledged`, `noted`, `resolved`, …
        public var step: String
    }

    enum CodingKeys: String, CodingKey {
        case line, accepted, code, reason, signals, actions, incidents
    }
}

/// Why a line from outside the source was not taken. Nothing was decided, and nothing kept.
public struct SubmissionError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case unreadable, unavailable, storage
        }
        private let value: Value

        /// The line is not an event the service takes: bad JSON, another kind, a field it may not have.
        public static let unreadable = Code(value: .unreadable)
        /// The service is stopping, or still deciding again what its journal holds.
        public static let unavailable = Code(value: .unavailable)
        /// The inbox could not be written: the journal stops there.
        public static let storage = Code(value: .storage)

        /// The code in words: `unreadable`, `unavailable`, `storage`.
        public var description: String {
            switch value {
            case .unreadable: "unreadable"
            case .unavailable: "unavailable"
            case .storage: "storage"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person; for an unreadable line, `FIELD: what is wrong`.
    public var message: String
    /// The field at fault in an unreadable line, if one is.
    public var field: String?
    /// What failed underneath: the line's ``StreamError`` or the store's ``JournalError``.
    public var cause: (any Error)?

    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a sentence for a person; for an unreadable line, `FIELD: what is wrong`.
    ///   - field: the field at fault in an unreadable line, if one is.
    ///   - cause: what failed underneath, if anything.
    public init(_ code: Code, _ message: String, field: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
    }

    /// An unreadable line, from the stream reader's error.
    init(unreadable error: StreamError) {
        self.init(
            .unreadable,
            error.field.map { "\($0): \(error.message)" } ?? error.message,
            field: error.field,
            cause: error
        )
    }

    /// The ``message``.
    public var description: String { message }
}
