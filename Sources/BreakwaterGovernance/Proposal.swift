public import BreakwaterCore

/// A governed action on its way to execution: a DAO proposal (vote, then timelock), or a guardians' emergency
/// hotfix (short timelock, no vote).
public struct Proposal: Sendable, Hashable, Codable {
    /// From 1, in the order proposals were made.
    public var id: UInt64
    public var action: GovernedAction
    /// The account its scope names, as the stream bound it.
    public var account: AccountID?
    /// The keys that signed it.
    public var proposers: [[UInt8]]
    /// The voting power snapshot when it was made: its votes count with it.
    public var voters: [GovernanceConfig.Voter]
    /// ``PermissionMatrix/Path/proposal`` or ``PermissionMatrix/Path/shortTimelock``.
    public var path: PermissionMatrix.Path
    public var createdAt: Int64
    /// When voting closes; the creation time for a hotfix, which has no vote.
    public var votingEndsAt: Int64
    public var votes: [Vote] = []
    public var tally = Tally()
    public var status: Status

    public struct Vote: Sendable, Hashable, Codable {
        public var voter: [UInt8]
        public var support: SignedVote.Support
        public var power: Wad
    }

    /// The voting power cast each way.
    public struct Tally: Sendable, Hashable, Codable {
        public var votesFor = Wad.zero
        public var against = Wad.zero
        public var abstain = Wad.zero

        /// All power cast.
        public var turnout: Wad { (try? votesFor.adding(against).adding(abstain)) ?? .zero }
    }

    public enum Status: Sendable, Hashable, Codable {
        /// Voting, until ``Proposal/votingEndsAt``.
        case active
        /// Passed; executable from `eta`.
        case queued(eta: Int64)
        case executed(at: Int64)
        case cancelled(at: Int64)

        /// The status's name, as reports and `govern status` print it.
        public var name: String {
            switch self {
            case .active: "active"
            case .queued: "queued"
            case .executed: "executed"
            case .cancelled: "cancelled"
            }
        }
    }

    /// Why the vote did not pass, or `nil` if it did: the quorum is a share of all voting power that must vote; the
    /// approval is the share of the votes for and against that must be for (strictly more).
    public func defeat(quorum: Wad, approval: Wad, totalPower: Wad) -> String? {
        let required = (try? totalPower.multiplied(by: quorum, rounding: .up)) ?? totalPower
        guard tally.turnout >= required, tally.turnout > .zero else {
            return "turnout \(tally.turnout) is below the quorum of \(required)"
        }
        let decided = (try? tally.votesFor.adding(tally.against)) ?? .zero
        let needed = (try? decided.multiplied(by: approval, rounding: .down)) ?? decided
        guard tally.votesFor > needed else {
            return "\(tally.votesFor) for of \(decided) for and against is not above the approval of \(approval)"
        }
        return nil
    }
}
