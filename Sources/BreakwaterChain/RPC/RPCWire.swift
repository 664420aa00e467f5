import BigInt
import BreakwaterCore
import BreakwaterEVM

/// A JSON-RPC 2.0 request.
struct RPCRequest: Encodable {
    var jsonrpc = "2.0"
    var id: Int
    var method: String
    var params: [RPCParam]
}

/// A parameter of a request.
indirect enum RPCParam: Encodable, Hashable {
    case string(String)
    case bool(Bool)
    case array([RPCParam])
    case object([String: RPCParam])

    /// A number as the JSON-RPC writes quantities: `0x` and hexadecimal digits without leading zeros.
    static func quantity(_ value: Int64) -> RPCParam { .string("0x" + String(value, radix: 16)) }

    /// Bytes as `0x` and lower-case hexadecimal digits.
    static func data(_ bytes: [UInt8]) -> RPCParam { .string("0x" + Hex.encode(bytes)) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

/// A JSON-RPC 2.0 answer: its result, or its error. A `null` result is a result, for a type that reads `null`.
struct RPCAnswer<Result: Decodable>: Decodable {
    var id: Int?
    var result: Result?
    var error: RPCFault?

    enum CodingKeys: String, CodingKey {
        case id, result, error
    }

    init(id: Int, result: Result) {
        self.id = id
        self.result = result
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int.self, forKey: .id)
        error = try container.decodeIfPresent(RPCFault.self, forKey: .error)
        result = container.contains(.result) ? try container.decode(Result.self, forKey: .result) : nil
    }
}

/// A result that may be `null`: a block the node does not have yet.
struct Nullable<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

/// The error member of an answer; a revert's data, when the node gives it.
struct RPCFault: Decodable, Hashable {
    var code: Int
    var message: String
    var data: String?

    enum CodingKeys: String, CodingKey {
        case code, message, data
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Int.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
        // Nodes differ in what they put here: only a string of hex is a revert's data.
        data = try? container.decodeIfPresent(String.self, forKey: .data)
    }

    /// The message, with the revert's reason when its data holds one: `execution reverted: only the owner`.
    var explained: String {
        guard let data, data.hasPrefix("0x"), let bytes = Hex.decode(data.dropFirst(2)),
            let reason = RevertReason.text(of: bytes), !message.contains(reason)
        else { return message }
        return "\(message): \(reason)"
    }
}

/// A quantity as the JSON-RPC writes it: `"0x1a"`.
struct Quantity: Decodable, Hashable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("0x"), text.count > 2, text.count <= 18, let value = UInt64(text.dropFirst(2), radix: 16),
            let exact = Int64(exactly: value)
        else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(text) is not a quantity")
            )
        }
        self.value = exact
    }
}

/// A quantity of any size (a balance in wei): `"0x1a"`.
struct BigQuantity: Decodable, Hashable {
    var value: BigUInt

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("0x"), text.count > 2, text.count <= 66, let value = BigUInt(text.dropFirst(2), radix: 16)
        else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(text) is not a quantity")
            )
        }
        self.value = value
    }
}

/// Bytes as the JSON-RPC writes them: `"0x…"`.
struct HexData: Decodable, Hashable {
    var bytes: [UInt8]

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("0x"), let bytes = Hex.decode(text.dropFirst(2)) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "\(text.prefix(80)) is not hex data"
                )
            )
        }
        self.bytes = bytes
    }
}

/// A block as `eth_getBlockByNumber` returns it, without its transactions.
struct WireBlock: Decodable {
    var number, timestamp: Quantity
    var hash, parentHash: HexData
}

/// A log as `eth_getLogs` returns it.
struct WireLog: Decodable {
    var address, data, blockHash, transactionHash: HexData
    var topics: [HexData]
    var blockNumber, logIndex: Quantity
    var removed: Bool?
}

/// The logs of an `eth_getLogs` answer, without those a reorg removed.
struct ChainLogs: Decodable {
    var logs: [ChainLog]

    init(logs: [ChainLog]) {
        self.logs = logs
    }

    init(from decoder: any Decoder) throws {
        var logs: [ChainLog] = []
        for log in try [WireLog](from: decoder) where log.removed != true {
            guard let address = EVMAddress(bytes: log.address.bytes) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: decoder.codingPath,
                        debugDescription: "a log's address is not 20 bytes"
                    )
                )
            }
            logs.append(
                ChainLog(
                    address: address,
                    topics: log.topics.map(\.bytes),
                    data: log.data.bytes,
                    blockNumber: log.blockNumber.value,
                    blockHash: log.blockHash.bytes,
                    transactionHash: log.transactionHash.bytes,
                    logIndex: log.logIndex.value
                )
            )
        }
        self.logs = logs
    }
}
