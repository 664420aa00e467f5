public import BreakwaterCore

/// Where and when an event happened, for detectors that look for things done "at once": its time, and its block
/// and transaction when the stream gives them.
public struct FlowOrigin: Sendable, Hashable, Codable {
    public var time: Timestamp
    public var block: Int64?
    public var transaction: String?

    public init(time: Timestamp, block: Int64? = nil, transaction: String? = nil) {
        self.time = time
        self.block = block
        self.transaction = transaction
    }

    /// Whether two origins are one transaction, else one block, else (without either) at most `window` apart.
    func isClose(to other: FlowOrigin, window: Int64) -> Bool {
        if let transaction, let other = other.transaction { return transaction == other }
        if let block, let other = other.block { return block == other }
        return other.time.milliseconds(since: time).magnitude <= window
    }
}
