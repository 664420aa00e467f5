public import BreakwaterCore

/// What a block says of itself that following the chain needs.
public struct ChainBlock: Sendable, Hashable {
    public var number: Int64
    public var hash: [UInt8]
    public var parentHash: [UInt8]
    /// The block's timestamp, in seconds: the chain's time.
    public var timestamp: Int64
}

extension ChainBlock {
    /// The block's marker in the event stream: its number and hash, at its time.
    public var marker: Event {
        Event(
            timestamp: Timestamp(milliseconds: timestamp * 1000),
            provenance: Event.Provenance(block: number, blockHash: "0x" + Hex.encode(hash)),
            payload: .block
        )
    }
}
