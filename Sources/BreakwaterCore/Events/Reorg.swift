/// A chain's reorganisation: blocks `fromBlock...toBlock`, already decided, are no longer the chain's, which goes on
/// from the newest block both branches share, the ancestor. Its event's time is the ancestor's: the one event whose
/// time goes back.
public struct Reorg: Sendable, Hashable {
    /// The first orphaned block: the ancestor's child.
    public var fromBlock: Int64
    /// The last orphaned block: the last one decided.
    public var toBlock: Int64
    /// The newest block both branches share.
    public var ancestorBlock: Int64
    /// Its hash, `0x` and 64 lower-case hexadecimal digits.
    public var ancestorHash: String

    public init(fromBlock: Int64, toBlock: Int64, ancestorBlock: Int64, ancestorHash: String) {
        self.fromBlock = fromBlock
        self.toBlock = toBlock
        self.ancestorBlock = ancestorBlock
        self.ancestorHash = ancestorHash
    }
}
