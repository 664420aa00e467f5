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

    enum CodingKeys: String, CodingKey {
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
