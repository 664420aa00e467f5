/// One line of the event stream as it is written: every field optional, decimals as strings.
///
/// Decoding into this type catches malformed JSON and wrong JSON types with the path of the field;
/// ``EventDecoder`` then checks what is required for the kind and resolves names against the config.
struct WireEvent: Codable, Hashable {
    var ts: WireTimestamp?
    var kind: String?
    var block: Int64?
    var tx: String?
    var logIndex: Int64?
    var blockHash: String?
    var fromBlock: Int64?
    var toBlock: Int64?
    var ancestorBlock: Int64?
    var ancestorHash: String?
    var feed: String?
    var asset: String?
    var market: String?
    var price: String?
    var confidence: String?
    var publishTs: WireTimestamp?
    var pool: String?
    var account: String?
    var amount: String?
    var size: String?
    var liquidator: String?
    var fromPool: String?
    var toPool: String?
    var optionType: String?
    var strike: String?
    var expiry: WireTimestamp?
    var seller: String?
    var premium: String?
    var action: String?
    var domain: String?
    var role: String?
    var module: String?
    var parameters: [String: String]?
    var nonce: UInt64?
    var expiresAt: WireTimestamp?
    var signatures: [WireSignature]?
    var proposal: UInt64?
    var support: String?
    var key: String?
    var signature: String?
    var by: String?
    var incident: String?
    var text: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ts, kind, block, tx, feed, asset, market, price, confidence, pool, account, amount, size, liquidator
        case strike, expiry, seller, premium, action
        case domain, role, module, parameters, nonce, signatures, proposal, support, key, signature
        case by, incident, text
        case expiresAt = "expires_at"
        case logIndex = "log_index"
        case blockHash = "block_hash"
        case fromBlock = "from_block"
        case toBlock = "to_block"
        case ancestorBlock = "ancestor_block"
        case ancestorHash = "ancestor_hash"
        case publishTs = "publish_ts"
        case fromPool = "from_pool"
        case toPool = "to_pool"
        case optionType = "option_type"
    }
}

extension WireEvent {
    /// What a JSON integer in a field may be.
    enum IntegerRange {
        /// A signed 64-bit integer: a block number, a log index.
        case int64
        /// An unsigned 64-bit integer: a nonce, a proposal number.
        case uint64
        /// A signed 64-bit count of milliseconds since the epoch, or instead an RFC 3339 string.
        case timestamp

        /// Whether `text`, a JSON integer, is in the range.
        func contains(_ text: String) -> Bool {
            self == .uint64 ? UInt64(text) != nil || text == "-0" : Int64(text) != nil
        }

        /// What the field takes, for an error.
        var expected: String {
            switch self {
            case .int64: "expected an integer from \(Int64.min) to \(Int64.max)"
            case .uint64: "expected an integer from 0 to \(UInt64.max)"
            case .timestamp: "expected integer milliseconds from \(Int64.min) to \(Int64.max) or an RFC 3339 string"
            }
        }
    }

    /// The fields that hold integers, each with its range.
    static let integerFields: [String: IntegerRange] = [
        CodingKeys.ts.rawValue: .timestamp, CodingKeys.publishTs.rawValue: .timestamp,
        CodingKeys.expiry.rawValue: .timestamp, CodingKeys.expiresAt.rawValue: .timestamp,
        CodingKeys.block.rawValue: .int64, CodingKeys.logIndex.rawValue: .int64,
        CodingKeys.fromBlock.rawValue: .int64, CodingKeys.toBlock.rawValue: .int64,
        CodingKeys.ancestorBlock.rawValue: .int64, CodingKeys.nonce.rawValue: .uint64,
        CodingKeys.proposal.rawValue: .uint64,
    ]
}

/// One signature of a signed action: the signer's public key as `ed25519:HEX` and the signature in hexadecimal.
struct WireSignature: Codable, Hashable {
    var key: String?
    var signature: String?
}

/// A timestamp written as integer milliseconds since the epoch or as an RFC 3339 string.
enum WireTimestamp: Codable, Hashable {
    case milliseconds(Int64)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let milliseconds = try? container.decode(Int64.self) {
            self = .milliseconds(milliseconds)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw DecodingError.typeMismatch(
                Int64.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected integer milliseconds since the epoch or an RFC 3339 string"
                )
            )
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .milliseconds(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
