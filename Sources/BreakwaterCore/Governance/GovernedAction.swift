/// An action that people with keys take on the protocol, as they sign it: what, where, and its parameters.
///
/// Scope and parameters are names and decimal strings, as in the event stream, so another tool can produce the
/// signed bytes without the config's ids (`docs/governance.md`).
public struct GovernedAction: Sendable, Hashable, Codable {
    public var kind: Kind
    public var scope: Scope
    /// Named values (a limit, a band width, a proposal id, a key), compared and signed in key order.
    public var parameters: [String: String]

    public init(kind: Kind, scope: Scope = Scope(), parameters: [String: String] = [:]) {
        self.kind = kind
        self.scope = scope
        self.parameters = parameters
    }

    /// Where an action applies, by name; an empty scope is the whole protocol.
    public struct Scope: Sendable, Hashable, Codable {
        public var pool: String?
        public var market: String?
        public var account: String?
        /// A module of the registry, for upgrades.
        public var module: String?

        public init(pool: String? = nil, market: String? = nil, account: String? = nil, module: String? = nil) {
            self.pool = pool
            self.market = market
            self.account = account
            self.module = module
        }
    }

    /// The documented action names, each reducing or increasing risk.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case pause
        case unpause
        /// Confirms a guardian pause so it does not expire.
        case confirmPause = "confirm_pause"
        /// Lifts a pause the automation set: the fast lane for false positives.
        case liftAutomatedPause = "lift_automated_pause"
        case lowerLimit = "lower_limit"
        case raiseLimit = "raise_limit"
        case tightenBand = "tighten_band"
        case widenBand = "widen_band"
        case freezeAccount = "freeze_account"
        case unfreezeAccount = "unfreeze_account"
        case cancelProposal = "cancel_proposal"
        case revokeGuardian = "revoke_guardian"
        case addGuardian = "add_guardian"
        case upgradeModule = "upgrade_module"
        /// Back to the version a module had before its last upgrade.
        case rollbackModule = "rollback_module"
        /// A module version that only reduces risk (a stricter parameter set, a vulnerable function disabled).
        case emergencyHotfix = "emergency_hotfix"
        case payClaim = "pay_claim"
        /// Replaces the voting power snapshot: parameters map voters' keys (`ed25519:HEX`) to their power.
        case snapshotVotingPower = "snapshot_voting_power"

        /// Whether the action makes the protocol safer (fast path) or riskier (slow path).
        public var reducesRisk: Bool {
            switch self {
            case .pause, .confirmPause, .lowerLimit, .tightenBand, .freezeAccount, .cancelProposal, .revokeGuardian,
                .emergencyHotfix:
                true
            case .unpause, .liftAutomatedPause, .raiseLimit, .widenBand, .unfreezeAccount, .addGuardian, .upgradeModule,
                .rollbackModule, .payClaim, .snapshotVotingPower:
                false
            }
        }
    }

    /// The action in one line: its name, its scope's names and its parameters (`lower_limit main max_share=0.1`).
    public var summary: String {
        let names = [scope.pool, scope.market, scope.account, scope.module].compactMap(\.self)
        let values = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return ([kind.rawValue] + names + values).joined(separator: " ")
    }
}
