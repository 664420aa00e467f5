public import BreakwaterCore

/// A step in an incident's lifecycle, taken on a decision: the journal records each after the decision that caused
/// it (an `I` record).
public struct IncidentStep: Sendable, Hashable, Codable {
    public var kind: Kind
    /// `INC-0001`, …
    public var incident: String
    /// The incident's vector after the step.
    public var vector: Incident.Vector
    /// The incident's scope: its pool, or the whole protocol; a feed fault's, its asset and feed.
    public var scope: Scope

    public init(kind: Kind, incident: String, vector: Incident.Vector, scope: Scope) {
        self.kind = kind
        self.incident = incident
        self.vector = vector
        self.scope = scope
    }

    /// The documented step names.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A signal opened the incident.
        case opened
        /// A stronger signal changed its vector.
        case reclassified
        /// Its first containing action fired.
        case contained
        /// A governed upgrade or hotfix of a module in its scope ran.
        case remediated
        /// People lifted the pause in its scope: governance, or the guardians' fast lane for a false positive; or,
        /// for a source outage, the source gives events again.
        case resolved
        /// An operator acknowledged it for the first time.
        case acknowledged
        /// An operator or the service added a note to it.
        case noted
        /// The chain did not carry out an action taken in it: the executor's transaction reverted, or could not be
        /// sent or mined (a `tx_reverted` or `tx_failed` note). The engine's own state is unchanged by it.
        case actionFailed = "action_failed"
    }

    init(_ kind: Kind, _ incident: Incident) {
        self.init(kind: kind, incident: incident.id, vector: incident.vector, scope: incident.scope)
    }
}
