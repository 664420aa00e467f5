/// `chain.yml` as it is written, before it is checked against the protocol config (`docs/chain.md`).
struct WireChainConfig: Decodable {
    var rpc: OneOrMany?
    var rpcEnv: String?
    var chainID: UInt64?
    var pollIntervalMs: Int?
    var confirmations: Int?
    var reorgWindow: Int?
    var fromBlock: Int64?
    var maxBlockRange: Int?
    var tokens: [WireToken]?
    var contracts: [WireContract]?
    var events: [WireEventMapping]?
    var executor: WireExecutor?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rpc, confirmations, tokens, contracts, events, executor
        case rpcEnv = "rpc_env"
        case chainID = "chain_id"
        case pollIntervalMs = "poll_interval_ms"
        case reorgWindow = "reorg_window"
        case fromBlock = "from_block"
        case maxBlockRange = "max_block_range"
    }

    /// The keys each place of the file allows, for ``StrictYAML``.
    static let allowedKeys: [String: [String]] = [
        "": CodingKeys.allCases.map(\.stringValue),
        "tokens[]": ["asset", "address", "decimals"],
        "contracts[]": ["name", "address"],
        "events[]": ["contract", "signature", "kind", "set", "map"],
        "events[].set": ["*"],
        "events[].map": ["*"],
        "events[].map.*": ["param", "decimals", "unit", "negate_if", "values"],
        "events[].map.*.values": ["*"],
        "executor": WireExecutor.CodingKeys.allCases.map(\.stringValue),
        "executor.actions[]": ["action", "scope", "contract", "call", "args", "lift"],
        "executor.actions[].scope": ["protocol", "pool", "market", "function", "asset"],
    ]
}

/// The `executor` section: how Breakwater's actions become transactions.
struct WireExecutor: Decodable {
    var keyEnv: String?
    var keyFile: String?
    var enforce: Bool?
    var maxFeeGwei: String?
    var maxPriorityFeeGwei: String?
    var bumpAfterMs: Int?
    var unminedAlertMs: Int?
    var gasLimit: Int?
    var actions: [WireActionMapping]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enforce, actions
        case keyEnv = "key_env"
        case keyFile = "key_file"
        case maxFeeGwei = "max_fee_gwei"
        case maxPriorityFeeGwei = "max_priority_fee_gwei"
        case bumpAfterMs = "bump_after_ms"
        case unminedAlertMs = "unmined_alert_ms"
        case gasLimit = "gas_limit"
    }
}

struct WireActionMapping: Decodable {
    var action: String
    var scope: [String: WireScopeValue]?
    var contract: String
    var call: String
    var args: [WireScopeValue]?
    var lift: String?
}

/// A YAML scalar that is a boolean or text: a call's literal argument, or a scope's value.
enum WireScopeValue: Decodable {
    case bool(Bool)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// A URL, or a list of them.
enum OneOrMany: Decodable {
    case one(String)
    case many([String])

    var values: [String] {
        switch self {
        case .one(let value): [value]
        case .many(let values): values
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            self = .one(one)
        } else {
            self = .many(try container.decode([String].self))
        }
    }
}

struct WireToken: Decodable {
    var asset: String
    var address: String
    var decimals: Int
}

struct WireContract: Decodable {
    var name: String
    var address: String
}

struct WireEventMapping: Decodable {
    var contract: String
    var signature: String
    var kind: String
    var set: [String: String]?
    var map: [String: WireFieldSource]?
}

/// Where a mapped field comes from: a parameter's name, or a parameter with how to read it.
struct WireFieldSource: Decodable {
    var param: String
    var decimals: Int?
    var unit: String?
    var negateIf: String?
    var values: [String: String]?

    enum CodingKeys: String, CodingKey {
        case param, decimals, unit, values
        case negateIf = "negate_if"
    }

    init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            param = name
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        param = try container.decode(String.self, forKey: .param)
        decimals = try container.decodeIfPresent(Int.self, forKey: .decimals)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        negateIf = try container.decodeIfPresent(String.self, forKey: .negateIf)
        values = try container.decodeIfPresent([String: String].self, forKey: .values)
    }
}
