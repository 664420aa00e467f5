/// Why a governed action was refused. Nothing changes when one is: no state, no nonce.
public struct GovernanceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The stable reason codes, as rejections name them.
    public struct Code: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable, CaseIterable {
            case wrongDomain = "wrong_domain"
            case expired
            case replayedNonce = "replayed_nonce"
            case notPermitted = "not_permitted"
            case unknownKey = "unknown_key"
            case duplicateSignature = "duplicate_signature"
            case badSignature = "bad_signature"
            case belowThreshold = "below_threshold"
            case notAVoter = "not_a_voter"
            case alreadyVoted = "already_voted"
            case unknownProposal = "unknown_proposal"
            case votingClosed = "voting_closed"
            case votingOpen = "voting_open"
            case defeated
            case alreadyQueued = "already_queued"
            case notQueued = "not_queued"
            case timelock
            case alreadyExecuted = "already_executed"
            case cancelled
            case wouldLockGuardians = "would_lock_guardians"
            case alreadyAGuardian = "already_a_guardian"
            case badScope = "bad_scope"
            case badParameter = "bad_parameter"
            case wrongDirection = "wrong_direction"
            case outOfBounds = "out_of_bounds"
            case nothingToDo = "nothing_to_do"
            case reviewPending = "review_pending"
            case notAutomated = "not_automated"
        }
        private let value: Value

        public static let wrongDomain = Code(value: .wrongDomain)
        public static let expired = Code(value: .expired)
        public static let replayedNonce = Code(value: .replayedNonce)
        public static let notPermitted = Code(value: .notPermitted)
        public static let unknownKey = Code(value: .unknownKey)
        public static let duplicateSignature = Code(value: .duplicateSignature)
        public static let badSignature = Code(value: .badSignature)
        public static let belowThreshold = Code(value: .belowThreshold)
        /// A vote by a key that is not in the voting power snapshot.
        public static let notAVoter = Code(value: .notAVoter)
        public static let alreadyVoted = Code(value: .alreadyVoted)
        public static let unknownProposal = Code(value: .unknownProposal)
        /// A vote after the voting period, or on a proposal no longer voting.
        public static let votingClosed = Code(value: .votingClosed)
        /// Queueing before the voting period is over.
        public static let votingOpen = Code(value: .votingOpen)
        /// Queueing a proposal that missed its quorum or its approval.
        public static let defeated = Code(value: .defeated)
        public static let alreadyQueued = Code(value: .alreadyQueued)
        public static let notQueued = Code(value: .notQueued)
        /// Executing before the timelock is over.
        public static let timelock = Code(value: .timelock)
        public static let alreadyExecuted = Code(value: .alreadyExecuted)
        public static let cancelled = Code(value: .cancelled)
        /// Revoking a guardian key would leave fewer keys than the threshold.
        public static let wouldLockGuardians = Code(value: .wouldLockGuardians)
        public static let alreadyAGuardian = Code(value: .alreadyAGuardian)
        /// The action names a pool, market or account the protocol does not have, or lacks a parameter it needs.
        public static let badScope = Code(value: .badScope)
        public static let badParameter = Code(value: .badParameter)
        /// A tightening that loosens, or a loosening that tightens: the path is chosen by the direction.
        public static let wrongDirection = Code(value: .wrongDirection)
        /// An operator tightening past the bounds the config sets.
        public static let outOfBounds = Code(value: .outOfBounds)
        /// Nothing to act on: pausing what is paused, unpausing what is not, and the like.
        public static let nothingToDo = Code(value: .nothingToDo)
        /// The fast lane before the automated pause is older than the review time, or on a pause people set.
        public static let reviewPending = Code(value: .reviewPending)
        public static let notAutomated = Code(value: .notAutomated)

        /// Every code, in the documented order.
        public static var allCases: [Code] { Value.allCases.map { Code(value: $0) } }

        /// The code's stable name: `below_threshold`, `replayed_nonce`, …
        public var rawValue: String { value.rawValue }

        public var description: String { rawValue }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
