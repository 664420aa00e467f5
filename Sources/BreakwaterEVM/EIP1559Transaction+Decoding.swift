import BigInt

extension EIP1559Transaction {
    /// The transaction a signed type-2 transaction's bytes hold (`0x02 || rlp(fields, y_parity, r, s)`), without its
    /// signature: what an executor raises the fees of when it replaces a transaction it signed before a restart.
    ///
    /// - Throws: ``ABIError`` `badValue` when the bytes are not a type-2 transaction without an access list.
    public init(signed raw: [UInt8]) throws(ABIError) {
        guard raw.first == 0x02 else { throw ABIError(.badValue, "not a type-2 (EIP-1559) transaction") }
        guard case .list(let items) = try RLP(decoding: Array(raw.dropFirst())), items.count == 12 else {
            throw ABIError(.badValue, "a type-2 transaction is a list of 12 fields")
        }
        guard case .list(let accessList) = items[8], accessList.isEmpty else {
            throw ABIError(.badValue, "a transaction with an access list")
        }
        let fields = items.map(\.byteString)
        guard fields[9...].allSatisfy({ $0.map { $0.count <= 32 } == true }) else {
            throw ABIError(.badValue, "a type-2 transaction's signature is three integers of at most 32 bytes")
        }
        guard let to = fields[5].flatMap(EVMAddress.init(bytes:)), let data = fields[7] else {
            throw ABIError(.badValue, "a type-2 transaction's recipient is 20 bytes and its data a byte string")
        }
        func integer(_ index: Int) throws(ABIError) -> BigUInt {
            guard let bytes = fields[index], bytes.first != 0, bytes.count <= 32 else {
                throw ABIError(.badValue, "field \(index) of a type-2 transaction is not an integer")
            }
            return bytes.reduce(into: BigUInt(0)) { $0 = $0 << 8 | BigUInt($1) }
        }
        func small(_ index: Int) throws(ABIError) -> UInt64 {
            guard let value = UInt64(exactly: try integer(index)) else {
                throw ABIError(.badValue, "field \(index) of a type-2 transaction is above 2^64")
            }
            return value
        }
        self.init(
            chainID: try small(0),
            nonce: try small(1),
            maxPriorityFeePerGas: try integer(2),
            maxFeePerGas: try integer(3),
            gasLimit: try small(4),
            to: to,
            value: try integer(6),
            data: data
        )
    }
}
