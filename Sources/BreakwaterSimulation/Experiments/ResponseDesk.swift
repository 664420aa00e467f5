import BreakwaterCore
import BreakwaterEngine

/// The people behind the automation in an experiment: guardians who review what it did and, after
/// ``reviewMilliseconds``, lift a pause or a freeze that turned out to be a false positive. A true one they keep.
///
/// So a false-positive pause has a cost in downtime that an experiment can measure, and a true one holds.
public struct ResponseDesk: Sendable {
    public var reviewMilliseconds: Int64
    /// Lifts not yet due, in the order they fall due.
    private var pending: [Event] = []

    public init(reviewMilliseconds: Int64) {
        self.reviewMilliseconds = reviewMilliseconds
    }

    /// Notes the automated pauses and freezes of a decision; `isFalsePositive` says whether it came before the attack.
    mutating func review(_ decision: Decision, isFalsePositive: Bool) {
        guard isFalsePositive else { return }
        let due = decision.timestamp.advanced(by: reviewMilliseconds)
        for action in decision.actions where action.actor == .auto && action.isEnforced {
            switch action.kind {
            case .pause where action.scope.account == nil:
                pending.append(
                    Event(
                        timestamp: due,
                        payload: .governance(GovernanceAction(kind: .unpause, pool: action.scope.pool))
                    )
                )
            case .freeze:
                guard let account = action.scope.account else { continue }
                pending.append(
                    Event(timestamp: due, payload: .governance(GovernanceAction(kind: .unfreeze, account: account)))
                )
            default: continue
            }
        }
    }

    /// The lifts due at or before `time`, removed from the desk, in order.
    mutating func due(by time: Timestamp) -> [Event] {
        guard let first = pending.first, first.timestamp <= time else { return [] }
        let count = pending.prefix { $0.timestamp <= time }.count
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }
}
