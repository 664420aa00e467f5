/// A response taken by the automation or by a governor.
public struct Action: Sendable, Hashable, Codable {
    public var kind: Kind
    public var scope: Scope
    public var actor: Actor
    public var reason: String
    /// `false` in shadow mode: the action is what the policy would do; nothing was refused because of it.
    public var isEnforced: Bool

    public init(kind: Kind, scope: Scope, actor: Actor = .auto, reason: String, isEnforced: Bool = true) {
        self.kind = kind
        self.scope = scope
        self.actor = actor
        self.reason = reason
        self.isEnforced = isEnforced
    }

    /// The documented action names.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// A market enters its limit state: reduce-only, margin at the band-clamped price.
        case limitState = "limit_state"
        case halt
        case resume
        case reduceOnly = "reduce_only"
        /// Withdrawals from a pool are being refused by its outflow limit.
        case rateLimit = "rate_limit"
        /// Entries to a pool (or every pool) stop; exits too when the pause says so.
        case pause
        case unpause
        /// An account's withdrawals, LP removals and transfers out are refused.
        case freeze
        case unfreeze
        /// A tripped price feed is let back in.
        case resetFeed = "reset_feed"
        /// A pool's outflow limit (its `max_share`) was set by governance.
        case setLimit = "set_limit"
        /// A market's price band width was set by governance.
        case setBand = "set_band"
        /// The DAO made a guardian pause last beyond its expiry.
        case confirmPause = "confirm_pause"
        /// A DAO proposal or a guardians' hotfix was opened, a vote counted, a proposal queued or cancelled.
        case propose, vote, queue, cancel
        /// A module was upgraded to a new version, or rolled back to the one before.
        case upgrade, rollback
        /// A pool's insurance fund paid its LPs for an incident's loss; a claim above the automatic bound waits for the DAO.
        case payout, claim
        /// The DAO replaced its voting power snapshot.
        case votingPower = "voting_power"
        /// A guardian key was revoked or added.
        case revokeKey = "revoke_key"
        case addKey = "add_key"
    }

    /// Who took an action.
    public enum Actor: String, Sendable, Hashable, CaseIterable, Codable {
        case auto, guardian, governance, `operator`
    }
}
