import BreakwaterCore
public import BreakwaterEVM

/// A log as the node returns it, with where it was emitted.
public struct ChainLog: Sendable, Hashable {
    /// The contract that emitted it.
    public var address: EVMAddress
    /// Its topics: the event's topic first, then its indexed parameters.
    public var topics: [[UInt8]]
    /// Its unindexed parameters, ABI-encoded.
    public var data: [UInt8]
    public var blockNumber: Int64
    public var blockHash: [UInt8]
    public var transactionHash: [UInt8]
    /// Its position in the block.
    public var logIndex: Int64

    /// `block N tx 0x… log I`: where a message about the log points.
    public var place: String { "block \(blockNumber) tx 0x\(Hex.encode(transactionHash)) log \(logIndex)" }

    /// Its place on chain, as events carry it.
    var provenance: Event.Provenance {
        Event.Provenance(
            block: blockNumber,
            transaction: "0x" + Hex.encode(transactionHash),
            logIndex: logIndex,
            blockHash: "0x" + Hex.encode(blockHash)
        )
    }
}
