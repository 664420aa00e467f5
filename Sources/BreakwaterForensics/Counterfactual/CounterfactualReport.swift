public import BreakwaterPipeline
public import BreakwaterReportKit

/// What a recorded run would have looked like under another policy: the `counterfactual` section of the replay
/// report, documented in `docs/replay-report.md`. Amounts are exact decimal strings in the quote unit.
public struct CounterfactualReport: Codable, Sendable, Hashable {
    /// The policy replayed: the file it came from, or a description of the change.
    public var policy: String
    /// The head of the journal this run would have written.
    public var journalHead: String
    public var rejected: Int
    /// The incidents under this policy.
    public var incidents: [ReplayReport.IncidentEntry]
    /// Each action of either run, paired in order per action, scope and actor, with when it fired in each.
    public var actions: [ActionChange]
    /// Outflows the two policies decided differently.
    public var outflows: OutflowChanges
    public var loss: LossComparison

    enum CodingKeys: String, CodingKey {
        case policy, rejected, incidents, actions, outflows, loss
        case journalHead = "journal_head"
    }

    /// One action and when it fired in the recorded run and under this policy.
    public struct ActionChange: Codable, Sendable, Hashable {
        public var action: String
        public var scope: ReplayReport.ScopeEntry
        public var by: String
        /// `same`, `earlier`, `later`, `added` (only under this policy) or `dropped` (only in the recorded run).
        public var change: String
        @NullEncoded public var recordedAt: Int64?
        @NullEncoded public var counterfactualAt: Int64?
        /// The event that fired it: this policy's, or the recorded run's for a dropped action.
        public var line: Int
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case action, scope, by, change, line, reason
            case recordedAt = "recorded_at"
            case counterfactualAt = "counterfactual_at"
        }
    }

    public struct OutflowChanges: Codable, Sendable, Hashable {
        /// Accepted in the recorded run, refused under this policy.
        public var blocked: [Outflow]
        /// Refused in the recorded run, accepted under this policy.
        public var allowed: [Outflow]
    }

    /// A withdrawal, LP removal or transfer out of a pool.
    public struct Outflow: Codable, Sendable, Hashable {
        public var line: Int
        public var ts: Int64
        public var kind: String
        public var account: String
        public var pool: String
        public var asset: String
        public var amount: String
        /// The reason code of the run that refused it.
        public var code: String
        public var reason: String
    }

    /// The loss in each run: what the suspect accounts took out beyond what they put in, valued at the recorded
    /// run's final prices.
    public struct LossComparison: Codable, Sendable, Hashable {
        /// The accounts the incidents of either run name.
        public var accounts: [String]
        public var recorded: String
        public var counterfactual: String
        /// `recorded - counterfactual`: positive when this policy would have saved, negative when it would have
        /// added to the loss.
        public var saved: String
    }
}
