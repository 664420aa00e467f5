public import BreakwaterPipeline

/// What the engine decided on a submitted line: `POST` answers with it.
public struct Submission: Codable, Sendable {
    /// The line's place in the service's stream (source and inbox together).
    public var line: Int
    public var accepted: Bool
    /// Why it was refused: a stable code and a sentence; `null` when accepted.
    public var code: String?
    public var reason: String?
    public var signals: [ReplayReport.SignalEntry]
    public var actions: [ReplayReport.ActionEntry]
    /// The incident steps it took.
    public var incidents: [Step]

    public struct Step: Codable, Sendable {
        public var incident: String
        /// `opened`, `contained`, `acknowledged`, `noted`, `resolved`, …
        public var step: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(code, forKey: .code)
        try container.encode(reason, forKey: .reason)
        try container.encode(signals, forKey: .signals)
        try container.encode(actions, forKey: .actions)
        try container.encode(incidents, forKey: .incidents)
    }

    enum CodingKeys: String, CodingKey {
        case line, accepted, code, reason, signals, actions, incidents
    }
}

/// Why a submitted line was not taken.
public enum SubmissionError: Error, Sendable {
    /// The line is not an event the stream format reads: nothing was decided.
    case unreadable(field: String?, message: String)
    /// The service is stopping, or still deciding again what its journal holds.
    case unavailable(String)
    /// The inbox could not be written.
    case storage(String)

    public var message: String {
        switch self {
        case .unreadable(let field, let message): field.map { "\($0): \(message)" } ?? message
        case .unavailable(let message), .storage(let message): message
        }
    }
}
