public import BreakwaterCore

/// The governance state of one deployment: the guardian keys in force, the nonces used, and the proposals.
///
/// Pure and deterministic: time is the event's, and signatures are checked through a ``SignatureVerifier``. Every
/// operation checks everything before it changes anything, so one that throws leaves the state as it was. A signed
/// action is checked (``authorize(_:at:verifier:)``), carried out by the engine, and only then recorded
/// (``commit(_:at:)``): an action with nothing to act on uses no nonce either.
public struct Governance: Sendable, Hashable, Codable {
    public let config: GovernanceConfig
    /// The guardian keys now: the config's, less those revoked, plus those the DAO added.
    public private(set) var guardians: [[UInt8]]
    /// The voting power snapshot now: the config's, until the DAO replaces it.
    public private(set) var voters: [GovernanceConfig.Voter]
    public private(set) var usedNonces: Set<UInt64> = []
    public private(set) var proposals: [Proposal] = []

    public init(config: GovernanceConfig) {
        self.config = config
        guardians = config.guardians
        voters = config.voters
    }

    /// The keys each role signs with now. Governors are the voters with at least the proposal threshold.
    public var ring: KeyRing {
        let governors = voters.filter { $0.power > .zero && $0.power >= config.proposalThreshold }.map(\.key)
        return KeyRing(
            domain: config.domain,
            keys: [.guardian: Set(guardians), .operator: Set(config.operators), .governor: Set(governors)],
            guardianThreshold: config.guardianThreshold,
            guardianSupermajority: config.guardianSupermajority
        )
    }

    /// A signed action that passed its checks, waiting to be carried out.
    public struct Authorization: Sendable, Hashable {
        public var signed: SignedAction
        public var path: PermissionMatrix.Path
        /// The keys whose signatures counted, in the order given.
        public var signers: [[UInt8]]
    }

    /// Checks `signed` (``Authorizer/check(_:at:)``); changes nothing.
    public func authorize(
        _ signed: SignedAction,
        at time: Int64,
        verifier: any SignatureVerifier
    ) throws(GovernanceError) -> Authorization {
        let (path, signers) = try Authorizer(ring: ring, usedNonces: usedNonces, verifier: verifier).check(
            signed,
            at: time
        )
        return Authorization(signed: signed, path: path, signers: signers)
    }

    /// Records an authorized action once it is carried out: its nonce is used, and a proposal or a hotfix opens.
    ///
    /// - Returns: the proposal it opened, if any.
    @discardableResult
    public mutating func commit(_ authorization: Authorization, account: AccountID? = nil, at time: Int64) -> Proposal?
    {
        usedNonces.insert(authorization.signed.nonce)
        let status: Proposal.Status
        let votingEndsAt: Int64
        switch authorization.path {
        case .proposal:
            status = .active
            votingEndsAt = Timestamp(milliseconds: time).advanced(by: config.votingPeriodMilliseconds).milliseconds
        case .shortTimelock:
            status = .queued(
                eta: Timestamp(milliseconds: time).advanced(by: config.shortTimelockMilliseconds).milliseconds
            )
            votingEndsAt = time
        case .immediate, .supermajorityAfterReview, .denied:
            return nil
        }
        let proposal = Proposal(
            id: UInt64(proposals.count + 1),
            action: authorization.signed.action,
            account: account,
            proposers: authorization.signers,
            voters: voters,
            path: authorization.path,
            createdAt: time,
            votingEndsAt: votingEndsAt,
            status: status
        )
        proposals.append(proposal)
        return proposal
    }

    /// The proposal numbered `id`.
    public func proposal(_ id: UInt64) throws(GovernanceError) -> Proposal {
        guard id >= 1, id <= UInt64(proposals.count) else {
            throw GovernanceError(.unknownProposal, "there is no proposal \(id) (\(proposals.count) made)")
        }
        return proposals[Int(id - 1)]
    }

    /// Counts a vote with its voter's power.
    ///
    /// - Returns: the proposal after the vote.
    @discardableResult
    public mutating func vote(
        _ vote: SignedVote,
        at time: Int64,
        verifier: any SignatureVerifier
    ) throws(GovernanceError) -> Proposal {
        guard vote.domain == config.domain else {
            throw GovernanceError(.wrongDomain, "signed for deployment \(vote.domain), this is \(config.domain)")
        }
        var proposal = try proposal(vote.proposal)
        if case .cancelled = proposal.status {
            throw GovernanceError(.cancelled, "proposal \(proposal.id) was cancelled")
        }
        guard proposal.status == .active, proposal.path == .proposal, time < proposal.votingEndsAt else {
            throw GovernanceError(.votingClosed, "voting on proposal \(proposal.id) closed at \(proposal.votingEndsAt)")
        }
        guard let power = proposal.voters.first(where: { $0.key == vote.voter })?.power else {
            throw GovernanceError(.notAVoter, "key \(Authorizer.hex(vote.voter)) has no voting power")
        }
        guard !proposal.votes.contains(where: { $0.voter == vote.voter }) else {
            throw GovernanceError(
                .alreadyVoted,
                "key \(Authorizer.hex(vote.voter)) already voted on proposal \(proposal.id)"
            )
        }
        guard verifier.isValid(vote.signature, of: vote.signingBytes, by: vote.voter) else {
            throw GovernanceError(.badSignature, "the vote of key \(Authorizer.hex(vote.voter)) does not verify")
        }
        do {
            switch vote.support {
            case .for: proposal.tally.votesFor = try proposal.tally.votesFor.adding(power)
            case .against: proposal.tally.against = try proposal.tally.against.adding(power)
            case .abstain: proposal.tally.abstain = try proposal.tally.abstain.adding(power)
            }
        } catch {
            throw GovernanceError(.badParameter, "the tally overflows: \(error.message)")
        }
        proposal.votes.append(Proposal.Vote(voter: vote.voter, support: vote.support, power: power))
        proposals[Int(proposal.id - 1)] = proposal
        return proposal
    }

    /// Queues a proposal whose vote is over and passed: its timelock starts.
    @discardableResult
    public mutating func queue(_ id: UInt64, at time: Int64) throws(GovernanceError) -> Proposal {
        var proposal = try proposal(id)
        switch proposal.status {
        case .active: break
        case .queued: throw GovernanceError(.alreadyQueued, "proposal \(id) is already queued")
        case .executed: throw GovernanceError(.alreadyExecuted, "proposal \(id) was executed")
        case .cancelled: throw GovernanceError(.cancelled, "proposal \(id) was cancelled")
        }
        guard time >= proposal.votingEndsAt else {
            throw GovernanceError(.votingOpen, "voting on proposal \(id) closes at \(proposal.votingEndsAt)")
        }
        let total: Wad
        do {
            total = try proposal.voters.totalPower()
        } catch {
            throw GovernanceError(
                .badParameter,
                "the voting power of proposal \(id)'s snapshot overflows: \(error.message)"
            )
        }
        if let reason = proposal.defeat(quorum: config.quorum, approval: config.approval, totalPower: total) {
            throw GovernanceError(.defeated, "proposal \(id) did not pass: \(reason)")
        }
        // Saturating: a timelock past the end of time is never over, never a trap.
        proposal.status = .queued(
            eta: Timestamp(milliseconds: time).advanced(by: config.timelockMilliseconds).milliseconds
        )
        proposals[Int(id - 1)] = proposal
        return proposal
    }

    /// The proposal `id` if it may be executed at `time`: queued, its timelock over. Changes nothing; the engine
    /// carries out its action, then calls ``markExecuted(_:at:)``.
    public func executable(_ id: UInt64, at time: Int64) throws(GovernanceError) -> Proposal {
        let proposal = try proposal(id)
        switch proposal.status {
        case .active: throw GovernanceError(.notQueued, "proposal \(id) is not queued")
        case .queued(let eta):
            guard time >= eta else { throw GovernanceError(.timelock, "proposal \(id) is timelocked until \(eta)") }
            return proposal
        case .executed(let at): throw GovernanceError(.alreadyExecuted, "proposal \(id) was executed at \(at)")
        case .cancelled: throw GovernanceError(.cancelled, "proposal \(id) was cancelled")
        }
    }

    public mutating func markExecuted(_ id: UInt64, at time: Int64) {
        proposals[Int(id - 1)].status = .executed(at: time)
    }

    /// The proposal `id` if it may be cancelled: voting or queued. Changes nothing.
    public func cancellable(_ id: UInt64) throws(GovernanceError) -> Proposal {
        let proposal = try proposal(id)
        switch proposal.status {
        case .active, .queued: return proposal
        case .executed: throw GovernanceError(.alreadyExecuted, "proposal \(id) was executed")
        case .cancelled: throw GovernanceError(.cancelled, "proposal \(id) was already cancelled")
        }
    }

    public mutating func cancel(_ id: UInt64, at time: Int64) {
        proposals[Int(id - 1)].status = .cancelled(at: time)
    }

    /// Checks that `key` may be revoked: a guardian key whose removal leaves the threshold reachable.
    public func checkRevoke(_ key: [UInt8]) throws(GovernanceError) {
        guard guardians.contains(key) else {
            throw GovernanceError(.unknownKey, "key \(Authorizer.hex(key)) is not a guardian key")
        }
        // The supermajority is above the threshold: keeping it reachable keeps both, and the fast lane with them.
        guard guardians.count - 1 >= config.guardianSupermajority else {
            throw GovernanceError(
                .wouldLockGuardians,
                "revoking it would leave \(guardians.count - 1) keys for a supermajority of \(config.guardianSupermajority)"
            )
        }
    }

    public mutating func revoke(_ key: [UInt8]) {
        guardians.removeAll { $0 == key }
    }

    /// Checks that `key` may be added as a guardian.
    public func checkAdd(_ key: [UInt8]) throws(GovernanceError) {
        guard !guardians.contains(key) else {
            throw GovernanceError(.alreadyAGuardian, "key \(Authorizer.hex(key)) is already a guardian key")
        }
    }

    public mutating func add(_ key: [UInt8]) {
        guardians.append(key)
    }

    /// Replaces the voting power snapshot; proposals already made keep theirs.
    public mutating func setVoters(_ voters: [GovernanceConfig.Voter]) {
        self.voters = voters
    }
}
