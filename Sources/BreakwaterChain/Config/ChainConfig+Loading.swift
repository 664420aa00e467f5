public import BreakwaterCore
import BreakwaterEVM
public import BreakwaterFormats
import BreakwaterPipeline

extension ChainConfig {
    /// The defaults of the settings a file may leave out.
    static let defaultPollIntervalMs = 250
    static let defaultReorgWindow = 128
    static let defaultMaxBlockRange = 500

    /// The chain config in `text`, checked against the protocol `config`. The node URL comes from the file's `rpc`,
    /// or from the variable of `environment` that `rpc_env` names.
    ///
    /// Every problem is found before anything connects: an unknown key, an unknown contract, token or name, a
    /// parameter the signature lacks, a kind's missing field, an address listed twice. Each names its key path.
    ///
    /// - Throws: ``ConfigError`` with every problem found.
    public static func load(
        yaml text: String,
        protocol config: ProtocolConfig,
        environment: [String: String]
    ) throws(ConfigError) -> ChainConfig {
        guard let node = try StrictYAML.compose(text) else {
            throw ConfigError(issues: [ConfigIssue(key: "(document)", message: "the file is empty")])
        }
        let wire = try StrictYAML.decode(WireChainConfig.self, from: node, allowedKeys: WireChainConfig.allowedKeys)
        var checker = ChainConfigChecker(config: config)
        let loaded = checker.check(wire, environment: environment)
        guard checker.issues.isEmpty, let loaded else { throw ConfigError(issues: checker.issues) }
        return loaded
    }
}

/// Checks a ``WireChainConfig`` key by key, gathering every problem.
struct ChainConfigChecker {
    let config: ProtocolConfig
    private(set) var issues: [ConfigIssue] = []

    init(config: ProtocolConfig) {
        self.config = config
    }

    mutating func note(_ key: String, _ message: String) {
        issues.append(ConfigIssue(key: key, message: message))
    }

    mutating func check(_ wire: WireChainConfig, environment: [String: String]) -> ChainConfig? {
        let endpoints = self.endpoints(wire, environment: environment)
        if wire.chainID == nil { note("chain_id", "missing: the chain id the nodes must report") }
        let pollIntervalMs = atLeast(1, wire.pollIntervalMs ?? ChainConfig.defaultPollIntervalMs, "poll_interval_ms")
        let confirmations = atLeast(0, wire.confirmations ?? 0, "confirmations")
        var reorgWindow = atLeast(1, wire.reorgWindow ?? ChainConfig.defaultReorgWindow, "reorg_window")
        if reorgWindow > EngineHistory.depth {
            note("reorg_window", "must be at most \(EngineHistory.depth): the engine keeps that many blocks' states")
            reorgWindow = EngineHistory.depth
        }
        let fromBlock = atLeast(0, wire.fromBlock ?? 0, "from_block")
        let maxBlockRange = atLeast(1, wire.maxBlockRange ?? ChainConfig.defaultMaxBlockRange, "max_block_range")
        let tokens = self.tokens(wire.tokens ?? [])
        let contracts = self.contracts(wire.contracts ?? [])
        var mappings: [EventMapping] = []
        var firstEntry: [String: String] = [:]
        for (index, entry) in (wire.events ?? []).enumerated() {
            let path = "events[\(index)]"
            guard let mapping = self.mapping(entry, at: path, contracts: contracts, tokens: tokens) else { continue }
            // Two entries that take the same logs would make two events of one log.
            let logs = "\(mapping.contract)'s \(mapping.signature.canonical)"
            if let first = firstEntry[logs] {
                note(path, "takes the same logs as \(first): \(logs)")
                continue
            }
            firstEntry[logs] = path
            mappings.append(mapping)
        }
        if wire.events?.isEmpty ?? true { note("events", "missing: at least one log to map to an event") }
        let executor = wire.executor.flatMap { self.executor($0, contracts: contracts, environment: environment) }
        guard let chainID = wire.chainID else { return nil }
        return ChainConfig(
            endpoints: endpoints,
            chainID: chainID,
            pollInterval: .milliseconds(pollIntervalMs),
            confirmations: confirmations,
            reorgWindow: reorgWindow,
            fromBlock: fromBlock,
            maxBlockRange: maxBlockRange,
            tokens: tokens,
            contracts: contracts,
            mappings: mappings,
            executor: executor
        )
    }

    /// The nodes of `rpc`, or of the variable `rpc_env` names. A URL is never repeated in a message.
    private mutating func endpoints(_ wire: WireChainConfig, environment: [String: String]) -> [RPCEndpoint] {
        let urls: [(key: String, url: String)]
        switch (wire.rpc, wire.rpcEnv) {
        case (.some, .some):
            note("rpc_env", "give rpc or rpc_env, not both")
            return []
        case (nil, nil):
            note("rpc", "missing: a node's URL, a list of them, or rpc_env naming a variable that holds them")
            return []
        case (.some(let rpc), nil):
            urls = rpc.values.enumerated().map { (rpc.values.count == 1 ? "rpc" : "rpc[\($0)]", $1) }
        case (nil, .some(let name)):
            guard let value = environment[name], !value.isEmpty else {
                note("rpc_env", "the variable \(name) is not set")
                return []
            }
            // A variable may hold a list, separated by commas or spaces.
            urls = value.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { ("rpc_env", String($0)) }
        }
        if urls.isEmpty { note("rpc", "missing: a node's URL") }
        var endpoints: [RPCEndpoint] = []
        for (key, url) in urls {
            do {
                endpoints.append(try RPCEndpoint(url: url))
            } catch {
                note(key, "the URL \(error.message)")
            }
        }
        return endpoints
    }

    mutating func atLeast<Number: BinaryInteger>(_ minimum: Number, _ value: Number, _ key: String) -> Number {
        guard value >= minimum else {
            note(key, "must be at least \(minimum)")
            return minimum
        }
        return value
    }

    private mutating func tokens(_ wire: [WireToken]) -> [ChainConfig.Token] {
        var tokens: [ChainConfig.Token] = []
        var firstIndex: [EVMAddress: Int] = [:]
        for (index, token) in wire.enumerated() {
            let path = "tokens[\(index)]"
            let asset = config.assetID(named: token.asset)
            if asset == nil { note("\(path).asset", "unknown asset \(token.asset) (assets: \(assetNames))") }
            if !(0...77).contains(token.decimals) { note("\(path).decimals", "must be 0 to 77") }
            guard let address = self.address(token.address, at: "\(path).address") else { continue }
            if let first = firstIndex[address] {
                note("\(path).address", "\(address) is listed twice (also tokens[\(first)])")
                continue
            }
            firstIndex[address] = index
            if let asset { tokens.append(ChainConfig.Token(asset: asset, address: address, decimals: token.decimals)) }
        }
        return tokens
    }

    private mutating func contracts(_ wire: [WireContract]) -> [ChainConfig.Contract] {
        var contracts: [ChainConfig.Contract] = []
        for (index, contract) in wire.enumerated() {
            let path = "contracts[\(index)]"
            if contracts.contains(where: { $0.name == contract.name }) {
                note("\(path).name", "\(contract.name) is listed twice")
                continue
            }
            guard let address = self.address(contract.address, at: "\(path).address") else { continue }
            contracts.append(ChainConfig.Contract(name: contract.name, address: address))
        }
        if wire.isEmpty { note("contracts", "missing: the contracts whose logs are watched") }
        return contracts
    }

    mutating func address(_ text: String, at key: String) -> EVMAddress? {
        do {
            return try EVMAddress(parsing: text)
        } catch {
            note(key, error.message)
            return nil
        }
    }

    var assetNames: String { config.assets.map(\.name).joined(separator: ", ") }
}
