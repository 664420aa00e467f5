public import BigInt
public import BreakwaterEVM

extension JSONRPCClient {
    /// The chain id the node reports (`eth_chainId`).
    public func chainID() async throws(ChainError) -> UInt64 {
        UInt64(try await call("eth_chainId", [], as: Quantity.self).value)
    }

    /// The number of the node's newest block (`eth_blockNumber`).
    public func blockNumber() async throws(ChainError) -> Int64 {
        try await call("eth_blockNumber", [], as: Quantity.self).value
    }

    /// The code deployed at `address` at the newest block (`eth_getCode`): empty for an account with none.
    public func code(at address: EVMAddress) async throws(ChainError) -> [UInt8] {
        try await call("eth_getCode", [.data(address.bytes), .string("latest")], as: HexData.self).bytes
    }

    /// The balance of `address` at the newest block, in wei (`eth_getBalance`).
    public func balance(of address: EVMAddress) async throws(ChainError) -> BigUInt {
        try await call("eth_getBalance", [.data(address.bytes), .string("latest")], as: BigQuantity.self).value
    }

    /// The next nonce of `address`, counting the transactions the node holds unmined
    /// (`eth_getTransactionCount` at `pending`).
    public func pendingNonce(of address: EVMAddress) async throws(ChainError) -> Int64 {
        try await call("eth_getTransactionCount", [.data(address.bytes), .string("pending")], as: Quantity.self).value
    }

    /// The next nonce of `address` at the newest block: how many of its transactions are mined
    /// (`eth_getTransactionCount` at `latest`).
    public func minedNonce(of address: EVMAddress) async throws(ChainError) -> Int64 {
        try await call("eth_getTransactionCount", [.data(address.bytes), .string("latest")], as: Quantity.self).value
    }

    /// What calling `data` on `contract` from `sender` returns on the state after `block` (by default the newest),
    /// without a transaction (`eth_call`).
    ///
    /// - Throws: ``ChainError`` `refused` when the call reverts, with the node's reason.
    public func call(
        _ data: [UInt8],
        on contract: EVMAddress,
        from sender: EVMAddress,
        at block: Int64? = nil
    ) async throws(ChainError)
        -> [UInt8]
    {
        let call: [String: RPCParam] = [
            "from": .data(sender.bytes), "to": .data(contract.bytes), "data": .data(data),
        ]
        let tag: RPCParam = block.map { .quantity($0) } ?? .string("latest")
        return try await self.call("eth_call", [.object(call), tag], as: HexData.self).bytes
    }

    /// The blocks `numbers`, in one batch of `eth_getBlockByNumber` requests.
    ///
    /// - Throws: ``ChainError`` `badResponse` when the node does not have one of them yet.
    public func blocks(_ numbers: [Int64]) async throws(ChainError) -> [ChainBlock] {
        let wire = try await batch(
            "eth_getBlockByNumber",
            numbers.map { [.quantity($0), .bool(false)] },
            as: Nullable<WireBlock>.self
        )
        var blocks: [ChainBlock] = []
        for (number, block) in zip(numbers, wire) {
            guard let block = block.value, block.number.value == number else {
                throw ChainError(.badResponse, "eth_getBlockByNumber: the node has no block \(number)")
            }
            blocks.append(
                ChainBlock(
                    number: number,
                    hash: block.hash.bytes,
                    parentHash: block.parentHash.bytes,
                    timestamp: block.timestamp.value
                )
            )
        }
        return blocks
    }

    /// The logs of `addresses` whose first topic is one of `topics`, in blocks `range`, in (block, index) order
    /// (`eth_getLogs`). A range the node finds too large is split in halves until it answers.
    public func logs(
        in range: ClosedRange<Int64>,
        addresses: [EVMAddress],
        topics: [[UInt8]]
    ) async throws(ChainError) -> [ChainLog] {
        let filter: [String: RPCParam] = [
            "fromBlock": .quantity(range.lowerBound), "toBlock": .quantity(range.upperBound),
            "address": .array(addresses.map { .data($0.bytes) }), "topics": .array([.array(topics.map(RPCParam.data))]),
        ]
        var found: [ChainLog]
        do {
            found = try await call("eth_getLogs", [.object(filter)], as: ChainLogs.self) { answer, id in
                FastLogReader.logs(in: answer, id: id).map(ChainLogs.init)
            }.logs
        } catch let error where error.code == .refused && range.count > 1 && Self.isTooManyResults(error) {
            let middle = range.lowerBound + (range.upperBound - range.lowerBound) / 2
            let first = try await logs(in: range.lowerBound...middle, addresses: addresses, topics: topics)
            return first + (try await logs(in: middle + 1...range.upperBound, addresses: addresses, topics: topics))
        }
        found.sort { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }
        return found
    }

    /// Whether a refusal says the range holds too many logs, as nodes and providers word it.
    static func isTooManyResults(_ error: ChainError) -> Bool {
        let message = error.message.lowercased()
        return message.contains("code -32005")
            || ["more than", "too many", "exceed", "range is too", "response size", "limit"].contains {
                message.contains($0)
            }
    }
}
