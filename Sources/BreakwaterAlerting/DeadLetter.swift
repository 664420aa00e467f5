public import BreakwaterEngine

/// An alert that was not delivered: its target stayed down for all its attempts, or refused it.
///
/// It names the target and the incident, never the target's URL or secret: the service records it in the journal.
public struct DeadLetter: Sendable, Hashable {
    /// The target's ``AlertTarget/name``.
    public var target: String
    /// The incident's id (`INC-0001`) and dedup key.
    public var incident: String
    /// The incident's dedup key: what alerting deduplicates on.
    public var dedupKey: String
    /// The incident step the alert reported.
    public var state: IncidentStep.Kind
    /// Attempts made, the first one included.
    public var attempts: Int
    /// The last failure: `HTTP 503`, or the connection error with the target's URL and secret taken out.
    public var lastError: String
}
