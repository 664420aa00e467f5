public import BigInt

extension JSONRPCClient {
    /// The base fee per gas of the next block, in wei: the last of `eth_feeHistory`'s base fees, which runs one block
    /// past the newest.
    public func nextBaseFee() async throws(ChainError) -> BigUInt {
        let history = try await call(
            "eth_feeHistory",
            [.quantity(1), .string("latest"), .array([])],
            as: FeeHistory.self
        )
        guard let next = history.baseFeePerGas.last else {
            throw ChainError(.badResponse, "eth_feeHistory: the answer has no base fee")
        }
        return next.value
    }

    /// The tip per gas the node suggests, in wei (`eth_maxPriorityFeePerGas`).
    public func suggestedPriorityFee() async throws(ChainError) -> BigUInt {
        try await call("eth_maxPriorityFeePerGas", [], as: BigQuantity.self).value
    }

    /// Hands a signed transaction's bytes (``SignedTransaction/raw``) to the node (`eth_sendRawTransaction`).
    ///
    /// - Returns: the hash the node gives it.
    /// - Throws: ``ChainError`` `refused` with the node's reason (a nonce already used, a fee too low).
    public func send(raw: [UInt8]) async throws(ChainError) -> [UInt8] {
        try await call("eth_sendRawTransaction", [.data(raw)], as: HexData.self).bytes
    }

    /// The receipt of the transaction `hash`; `nil` while it is not mined (`eth_getTransactionReceipt`).
    public func receipt(of hash: [UInt8]) async throws(ChainError) -> TransactionReceipt? {
        let wire = try await call("eth_getTransactionReceipt", [.data(hash)], as: Nullable<WireReceipt>.self)
        return wire.value.map {
            TransactionReceipt(
                block: $0.blockNumber.value,
                blockHash: $0.blockHash.bytes,
                gasUsed: $0.gasUsed.value,
                succeeded: $0.status.value == 1
            )
        }
    }
}

/// A mined transaction's receipt: where it was mined, the gas it used, and whether it succeeded or reverted.
public struct TransactionReceipt: Sendable, Hashable {
    public var block: Int64
    public var blockHash: [UInt8]
    public var gasUsed: Int64
    /// `false`: the transaction reverted (its status is 0).
    public var succeeded: Bool
}

/// `eth_feeHistory`'s answer, as far as it is read.
struct FeeHistory: Decodable {
    var baseFeePerGas: [BigQuantity]
}

/// `eth_getTransactionReceipt`'s answer, as far as it is read.
struct WireReceipt: Decodable {
    var blockNumber: Quantity
    var blockHash: HexData
    var gasUsed: Quantity
    var status: Quantity
}
