public import BreakwaterCore

/// What turns the actions a live decision took into transactions on a chain (`BreakwaterChain`'s executor). The
/// pipeline asks it for the outbox entries of each live decision that took actions, keeps them in the store with
/// the decision's batch (written at once, not at the next flush), and hands them back once they are stored: only
/// then may they be sent.
public protocol ActionExecutor: Sendable {
    /// The entries the actions of decision record `sequence` become; never one of a key given before.
    func entries(for actions: [TakenAction], decision sequence: Int) async -> [OutboxEntry]

    /// The entries are stored with their decision: they may be sent.
    func stored(_ entries: [OutboxEntry]) async

    /// Sets where the executor's notes go (what it sent, what was mined): the pipeline's inbox.
    func noting(with note: @escaping @Sendable (Note) async -> Void) async

    /// The transactions made of the action `action` lists, filed into `incident`, as they stand now: one per mapping
    /// that sent it, in file order; empty when none did. Answered at once, without waiting for the executor.
    nonisolated func transactions(of action: ReplayReport.ActionEntry, incident: String?) -> [ActionTransaction]
}

/// A transaction an executor made of an action, as `/api/actions` shows it (`transactions`).
public struct ActionTransaction: Codable, Sendable, Hashable {
    /// `0x` and 64 hexadecimal digits: the latest signed (a replacement's, after a fee bump).
    public var hash: String
    /// `pending` (kept, sent or about to be, not mined yet), `mined`, `reverted`, `dropped` (its nonce was used by
    /// a transaction the executor did not see mined), or `shadow` (an executor with `enforce: false` sends nothing).
    public var status: String
    /// The block it was mined in, once it was.
    public var block: Int64?
    public var nonce: UInt64

    public init(hash: String, status: String, block: Int64?, nonce: UInt64) {
        self.hash = hash
        self.status = status
        self.block = block
        self.nonce = nonce
    }
}

/// An action a live decision took, with what an executor needs to name it: its incident, and the name of the
/// account its scope names.
public struct TakenAction: Sendable, Hashable {
    public var action: Action
    /// The incident it was filed into (`INC-0001`), when it was.
    public var incident: String?
    /// The name of its scope's account, as the stream writes it (an address, on a chain).
    public var accountName: String?

    public init(action: Action, incident: String?, accountName: String?) {
        self.action = action
        self.incident = incident
        self.accountName = accountName
    }
}
