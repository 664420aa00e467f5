/// Who may act on the protocol, each with a fixed set of actions (``PermissionMatrix``).
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// A set of N keys; an action needs M of them. Tightens at once; loosens nothing on its own.
    case guardian
    /// The DAO: token holders voting with a snapshot of their power, through proposals and a timelock.
    case governor
    /// Runs the service: may tighten automated limits within bounds, nothing else.
    case `operator`
    /// Reads.
    case observer
}
