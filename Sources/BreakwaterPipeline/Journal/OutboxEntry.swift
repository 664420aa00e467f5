/// A transaction the executor must get onto the chain exactly once (#21): kept in the journal's store in the same
/// transaction as the batch that holds the decision that caused it, before it is sent, so a crash between signing
/// and sending neither loses it nor sends it twice: a restart sends again what has no receipt, with the same nonce.
public struct OutboxEntry: Sendable, Hashable {
    /// The call's dedup key (`pause|pool=main|INC-0001|0`): a store holds at most one entry per key.
    public var key: String
    /// The journal record of the decision that caused it.
    public var sequence: Int
    public var nonce: UInt64
    /// The signed transaction's bytes and its hash: the latest signed (a replacement's, after a fee bump).
    public var raw: [UInt8]
    public var hash: [UInt8]
    public var state: State
    /// The block it was mined in, once it was.
    public var block: Int64?
    /// The hashes of the transactions it replaced, oldest first: one of them may be mined instead.
    public var replaced: [[UInt8]]

    public init(
        key: String,
        sequence: Int,
        nonce: UInt64,
        raw: [UInt8],
        hash: [UInt8],
        state: State = .pending,
        block: Int64? = nil,
        replaced: [[UInt8]] = []
    ) {
        self.key = key
        self.sequence = sequence
        self.nonce = nonce
        self.raw = raw
        self.hash = hash
        self.state = state
        self.block = block
        self.replaced = replaced
    }

    /// Where the transaction stands, as the store keeps it.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Signed, perhaps sent, not mined yet: a restart sends it again.
        case pending
        /// Mined and succeeded.
        case mined
        /// Mined and reverted.
        case reverted
        /// Its nonce was used by a transaction the executor did not see mined: it will never be mined.
        case dropped
        /// Signed by an executor in shadow (`enforce: false`): kept, never sent, even by a later run that enforces.
        case shadow
    }
}
