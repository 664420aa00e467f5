/// Why a governed action was refused. Nothing changes when one is: no state, no nonce.
public struct GovernanceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The stable reason codes, as rejections name them.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case wrongDomain = "wrong_domain"
        case expired
        case replayedNonce = "replayed_nonce"
        case notPermitted = "not_permitted"
        case unknownKey = "unknown_key"
        case duplicateSignature = "duplicate_signature"
        case badSignature = "bad_signature"
        case belowThreshold = "below_threshold"
        /// A vote by a key that is not in the voting power snapshot.
        case notAVoter = "not_a_voter"
        case alreadyVoted = "already_voted"
        case unknownProposal = "unknown_proposal"
        /// A vote after the voting period, or on a proposal no longer voting.
        case votingClosed = "voting_closed"
        /// Queueing before the voting period is over.
        case votingOpen = "voting_open"
        /// Queueing a proposal that missed its quorum or its approval.
        case defeated
        case alreadyQueued = "already_queued"
        case notQueued = "not_queued"
        /// Executing before the timelock is over.
        case timelock
        case alreadyExecuted = "already_executed"
        case cancelled
        /// Revoking a guardian key would leave fewer keys than the threshold.
        case wouldLockGuardians = "would_lock_guardians"
        case alreadyAGuardian = "already_a_guardian"
        /// The action names a pool, market or account the protocol does not have, or lacks a parameter it needs.
        case badScope = "bad_scope"
        case badParameter = "bad_parameter"
        /// A tightening that loosens, or a loosening that tightens: the path is chosen by the direction.
        case wrongDirection = "wrong_direction"
        /// An operator tightening past the bounds the config sets.
        case outOfBounds = "out_of_bounds"
        /// Nothing to act on: pausing what is paused, unpausing what is not, and the like.
        case nothingToDo = "nothing_to_do"
        /// The fast lane before the automated pause is older than the review time, or on a pause people set.
        case reviewPending = "review_pending"
        case notAutomated = "not_automated"
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
