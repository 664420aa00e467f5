/// A response taken by the automation or by a governor.
public struct Action: Sendable, Hashable {
    public var kind: Kind
    public var scope: Scope
    public var actor: Actor
    public var reason: String

    public init(kind: Kind, scope: Scope, actor: Actor = .auto, reason: String) {
        self.kind = kind
        self.scope = scope
        self.actor = actor
        self.reason = reason
    }

    /// The documented action names.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A market enters its limit state: reduce-only, margin at the band-clamped price.
        case limitState = "limit_state"
        case halt
        case resume
        case reduceOnly = "reduce_only"
        /// Withdrawals from a pool are being refused by its outflow limit.
        case rateLimit = "rate_limit"
        case pause
        case unpause
    }

    /// Who took an action.
    public enum Actor: String, Sendable, Hashable, CaseIterable {
        case auto, guardian, governance, `operator`
    }
}
