/// A note from outside the protocol, journaled like any event: an operator acknowledging an incident or commenting
/// on one, or the service saying its source went quiet or came back, or that an alert could not be delivered, or a
/// chain source saying a log did not map.
///
/// Notes move no funds. They are how what people and the service did during an incident enters the journal, so a
/// replay of the journal tells the same story.
public struct Note: Sendable, Hashable {
    public var action: Action
    /// Who wrote it: an operator's name, `service`, `chain` (a chain source) or `executor`.
    public var author: String
    /// The incident it is about (`INC-0001`), when it is about one.
    public var incident: String?
    public var text: String

    public init(action: Action, author: String, incident: String? = nil, text: String = "") {
        self.action = action
        self.author = author
        self.incident = incident
        self.text = text
    }

    /// The stream names of notes.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// An operator has seen the incident and owns it.
        case acknowledge
        /// An operator's remark, on an incident or on the protocol.
        case comment
        /// The service's source gave no event for longer than its limit: the engine is blind.
        case sourceQuiet = "source_quiet"
        /// The source gives events again.
        case sourceResumed = "source_resumed"
        /// The source's lines keep failing to read (bad JSON, times that jump, lines past the limit): what it says
        /// is partly lost.
        case sourceFault = "source_fault"
        /// An alert target stayed down: the alert is recorded here instead (a dead letter).
        case alertFailed = "alert_failed"
        /// A chain source read a log of a watched contract that its mapping cannot turn into an event: the engine's
        /// mirror misses a fact of the chain.
        case logUnmapped = "log_unmapped"
        /// The executor handed an action's transaction to the node (its hash, nonce and fees in the text).
        case txSent = "tx_sent"
        /// The transaction was mined and succeeded (its block and gas in the text).
        case txMined = "tx_mined"
        /// The transaction was mined and reverted: what Breakwater decided did not happen on chain.
        case txReverted = "tx_reverted"
        /// The transaction, not mined after `bump_after_ms`, was replaced by one at the same nonce and a higher fee.
        case txReplaced = "tx_replaced"
        /// The action's transaction could not be made or sent (a fee above the caps, an account that is not an
        /// address): nothing is on chain for it.
        case txFailed = "tx_failed"
    }

    /// The longest ``text`` a note may carry, in bytes of UTF-8.
    public static let maximumTextBytes = 4_096
    /// The longest ``author`` name, in bytes of UTF-8.
    public static let maximumAuthorBytes = 128
}
