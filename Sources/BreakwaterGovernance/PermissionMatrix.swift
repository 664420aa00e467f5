public import BreakwaterCore

/// Which role may take which action, and how: the one place the rules live (`docs/governance.md` prints them).
///
/// Risk-reducing actions are fast: guardians take them at once with their threshold. Risk-increasing actions are
/// slow: only the DAO, through a proposal, a vote and a timelock. Two exceptions keep both sides honest: a guardian
/// supermajority may lift a pause the automation set (false positives, after a review time), and guardians may ship
/// a risk-reducing hotfix behind a short timelock.
public enum PermissionMatrix {
    /// How a role may take an action.
    public enum Path: String, Sendable, Hashable, CaseIterable, Codable {
        /// At once, with the role's signature threshold.
        case immediate
        /// At once, with the guardian supermajority, once the pause is older than the review time.
        case supermajorityAfterReview = "supermajority_after_review"
        /// With the guardian threshold, after a short timelock.
        case shortTimelock = "short_timelock"
        /// Through a DAO proposal: voting period, quorum, approval, timelock, execution.
        case proposal
        case denied
    }

    /// The path for `role` taking `action`.
    public static func path(for role: Role, _ action: GovernedAction.Kind) -> Path {
        switch role {
        case .guardian:
            switch action {
            case .liftAutomatedPause: .supermajorityAfterReview
            case .emergencyHotfix: .shortTimelock
            case .confirmPause: .denied  // only the DAO makes a guardian pause last
            default: action.reducesRisk ? .immediate : .denied
            }
        case .governor:
            .proposal
        case .operator:
            action == .lowerLimit || action == .tightenBand ? .immediate : .denied
        case .observer:
            .denied
        }
    }
}
