/// Who governs a deployment and by which rules: the guardians' keys and thresholds, the operators, the DAO's voters
/// with their voting power, and the periods that bound every path (`docs/governance.md`, `docs/config.md`).
///
/// Durations are event-time milliseconds. A config without a `governance` section has no keys: every signed action
/// is refused until one is given.
public struct GovernanceConfig: Sendable, Hashable, Codable {
    /// The deployment id every signed action and vote must name; the config's name when not given.
    public var domain: String
    /// The guardian keys (Ed25519 public keys, 32 bytes each).
    public var guardians: [[UInt8]]
    /// M of the N guardian keys an action needs.
    public var guardianThreshold: Int
    /// The guardian signatures (more than M) that lift an automated pause without a vote, after the review time.
    public var guardianSupermajority: Int
    /// How long a guardian pause lasts unless the DAO confirms it.
    public var guardianPauseMilliseconds: Int64
    /// How long an automated pause must have lasted before the guardian supermajority may lift it.
    public var reviewMilliseconds: Int64
    public var operators: [[UInt8]]
    /// The lowest outflow share and band width an operator may tighten to.
    public var operatorMinimumMaxShare: Wad
    public var operatorMinimumBandWidth: Wad
    /// The voting power snapshot, in the order given.
    public var voters: [Voter]
    /// The voting power a key needs to propose.
    public var proposalThreshold: Wad
    public var votingPeriodMilliseconds: Int64
    /// The share of all voting power that must vote (for, against or abstain) for a proposal to pass.
    public var quorum: Wad
    /// The share of the votes for and against that must be for; a proposal passes only above it.
    public var approval: Wad
    /// Between a proposal passing and its execution.
    public var timelockMilliseconds: Int64
    /// Between a guardian emergency hotfix and its execution.
    public var shortTimelockMilliseconds: Int64
    /// The largest insurance payout made on its own when an incident is resolved, in the pool's quote asset; a
    /// larger one needs a DAO `pay_claim`.
    public var automaticPayoutBound: Wad

    /// A voter of the snapshot.
    public struct Voter: Sendable, Hashable, Codable {
        public var key: [UInt8]
        public var power: Wad

        public init(key: [UInt8], power: Wad) {
            self.key = key
            self.power = power
        }
    }

    public init(
        domain: String,
        guardians: [[UInt8]] = [],
        guardianThreshold: Int = 1,
        guardianSupermajority: Int = 1,
        guardianPauseMilliseconds: Int64 = 7 * 86_400_000,
        reviewMilliseconds: Int64 = 3_600_000,
        operators: [[UInt8]] = [],
        operatorMinimumMaxShare: Wad = Wad(raw: Wad.scale / 20),
        operatorMinimumBandWidth: Wad = Wad(raw: Wad.scale / 50),
        voters: [Voter] = [],
        proposalThreshold: Wad = .zero,
        votingPeriodMilliseconds: Int64 = 2 * 86_400_000,
        quorum: Wad = Wad(raw: Wad.scale / 25),
        approval: Wad = Wad(raw: Wad.scale / 2),
        timelockMilliseconds: Int64 = 86_400_000,
        shortTimelockMilliseconds: Int64 = 3_600_000,
        automaticPayoutBound: Wad = Wad(100_000)
    ) {
        self.domain = domain
        self.guardians = guardians
        self.guardianThreshold = guardianThreshold
        self.guardianSupermajority = guardianSupermajority
        self.guardianPauseMilliseconds = guardianPauseMilliseconds
        self.reviewMilliseconds = reviewMilliseconds
        self.operators = operators
        self.operatorMinimumMaxShare = operatorMinimumMaxShare
        self.operatorMinimumBandWidth = operatorMinimumBandWidth
        self.voters = voters
        self.proposalThreshold = proposalThreshold
        self.votingPeriodMilliseconds = votingPeriodMilliseconds
        self.quorum = quorum
        self.approval = approval
        self.timelockMilliseconds = timelockMilliseconds
        self.shortTimelockMilliseconds = shortTimelockMilliseconds
        self.automaticPayoutBound = automaticPayoutBound
    }

    /// What is wrong with these rules, each named by its key under `governance`.
    public func issues() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) {
            if !condition { issues.append(ConfigIssue(key: "governance.\(key)", message: message())) }
        }
        check(!domain.isEmpty, "domain", "must not be empty")
        check(Set(guardians).count == guardians.count, "guardians.keys", "a key is listed twice")
        if !guardians.isEmpty {
            check(
                guardianThreshold >= 1 && guardianThreshold <= guardians.count,
                "guardians.threshold",
                "must be between 1 and the \(guardians.count) guardian keys, got \(guardianThreshold)"
            )
            check(
                guardianSupermajority > guardianThreshold && guardianSupermajority <= guardians.count,
                "guardians.supermajority",
                "must be above the threshold \(guardianThreshold) and at most the \(guardians.count) keys, got \(guardianSupermajority)"
            )
        }
        check(Set(voters.map(\.key)).count == voters.count, "dao.voters", "a key is listed twice")
        check((try? voters.totalPower()) != nil, "dao.voters", "the total voting power overflows")
        for (index, voter) in voters.enumerated() {
            check(voter.power > .zero, "dao.voters[\(index)].power", "must be positive")
        }
        for (key, value) in [
            ("guardians.pause_ms", guardianPauseMilliseconds), ("guardians.review_ms", reviewMilliseconds),
            ("dao.voting_period_ms", votingPeriodMilliseconds), ("dao.timelock_ms", timelockMilliseconds),
            ("dao.short_timelock_ms", shortTimelockMilliseconds),
        ] {
            check(value > 0, key, "must be positive, got \(value)")
        }
        let (decision, overflow) = votingPeriodMilliseconds.addingReportingOverflow(timelockMilliseconds)
        check(
            !overflow && guardianPauseMilliseconds > decision,
            "guardians.pause_ms",
            "must be longer than the voting period and the timelock together (\(overflow ? "more than \(Int64.max)" : "\(decision)")), or the DAO could never confirm a pause before it expires"
        )
        for (key, share) in [
            ("dao.quorum", quorum), ("dao.approval", approval),
            ("operator_bounds.min_max_share", operatorMinimumMaxShare),
            ("operator_bounds.min_band_width", operatorMinimumBandWidth),
        ] {
            check(share > .zero && share <= .one, key, "must be above 0 and at most 1, got \(share)")
        }
        check(proposalThreshold >= .zero, "dao.proposal_threshold", "must not be negative")
        check(automaticPayoutBound >= .zero, "insurance.auto_payout", "must not be negative")
        return issues
    }
}

extension [GovernanceConfig.Voter] {
    /// The total voting power of a snapshot.
    ///
    /// - Throws: ``MoneyError`` if it does not fit.
    public func totalPower() throws(MoneyError) -> Wad {
        var total = Wad.zero
        for voter in self { total = try total.adding(voter.power) }
        return total
    }
}
