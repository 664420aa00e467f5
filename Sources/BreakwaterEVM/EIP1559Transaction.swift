public import BigInt

/// An EIP-1559 (type 2) transaction without an access list: what an executor sends to pause a protocol.
public struct EIP1559Transaction: Sendable, Hashable {
    public var chainID: UInt64
    public var nonce: UInt64
    /// Wei per gas to the block's producer, above the base fee.
    public var maxPriorityFeePerGas: BigUInt
    /// Wei per gas at most, base fee included.
    public var maxFeePerGas: BigUInt
    public var gasLimit: UInt64
    /// The contract called.
    public var to: EVMAddress
    /// Wei sent with the call.
    public var value: BigUInt
    /// The call's data: a function's selector and arguments.
    public var data: [UInt8]

    public init(
        chainID: UInt64,
        nonce: UInt64,
        maxPriorityFeePerGas: BigUInt,
        maxFeePerGas: BigUInt,
        gasLimit: UInt64,
        to: EVMAddress,
        value: BigUInt = 0,
        data: [UInt8]
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
    }

    /// The fields in the order EIP-1559 lists them, the access list empty.
    private var fields: [RLP] {
        [
            .integer(chainID), .integer(nonce), .integer(bigEndian: Array(maxPriorityFeePerGas.serialize())),
            .integer(bigEndian: Array(maxFeePerGas.serialize())), .integer(gasLimit), .bytes(to.bytes),
            .integer(bigEndian: Array(value.serialize())), .bytes(data), .list([]),
        ]
    }

    /// What is signed: the Keccak-256 of `0x02 || rlp(fields)`.
    public var signingHash: [UInt8] { Keccak256.hash([0x02] + RLP.list(fields).encoded) }

    /// The transaction signed by `key`: the bytes `eth_sendRawTransaction` takes, and its hash.
    public func signed(by key: SigningKey) -> SignedTransaction {
        let signature = key.sign(digest: signingHash)
        let payload =
            fields + [
                .integer(signature.yParity), .integer(bigEndian: signature.r), .integer(bigEndian: signature.s),
            ]
        let raw = [0x02] + RLP.list(payload).encoded
        return SignedTransaction(raw: raw, hash: Keccak256.hash(raw), from: key.address)
    }
}

/// A signed transaction, ready to send.
public struct SignedTransaction: Sendable, Hashable {
    /// `0x02 || rlp(fields, y_parity, r, s)`: what `eth_sendRawTransaction` takes.
    public var raw: [UInt8]
    /// The Keccak-256 of ``raw``: the transaction's hash on chain.
    public var hash: [UInt8]
    /// Who signed it.
    public var from: EVMAddress
}
