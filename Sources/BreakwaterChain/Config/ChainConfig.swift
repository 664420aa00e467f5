public import BreakwaterCore
public import BreakwaterEVM

/// What `chain.yml` says, checked against the protocol config (`docs/chain.md`): the nodes to ask, the chain they
/// must be, how to follow it, and which contracts' logs become which Breakwater events.
public struct ChainConfig: Sendable {
    /// The nodes, in failover order.
    public var endpoints: [RPCEndpoint]
    /// The chain id the nodes must report.
    public var chainID: UInt64
    /// How often the head is polled.
    public var pollInterval: Duration
    /// Events are decided this many blocks behind the head.
    public var confirmations: Int
    /// How many unconfirmed blocks' hashes and engine states are kept.
    public var reorgWindow: Int
    /// Where a new journal starts.
    public var fromBlock: Int64
    /// Blocks per `eth_getLogs` request.
    public var maxBlockRange: Int
    public var tokens: [Token]
    public var contracts: [Contract]
    public var mappings: [EventMapping]
    /// How actions become transactions; `nil` when the file has no `executor` section (the chain is only read).
    public var executor: ExecutorConfig?

    /// An ERC-20 token: the asset of the config it is, and the decimals its amounts are written with.
    public struct Token: Sendable, Hashable {
        public var asset: AssetID
        public var address: EVMAddress
        public var decimals: Int
    }

    /// A contract whose logs are watched.
    public struct Contract: Sendable, Hashable {
        public var name: String
        public var address: EVMAddress
    }

    /// The addresses whose logs are asked for, each once, in order.
    public var watchedAddresses: [EVMAddress] { Array(Set(mappings.map(\.address))).sorted() }

    /// The first topics asked for, each once.
    public var watchedTopics: [[UInt8]] {
        var seen = Set<[UInt8]>()
        return mappings.map(\.signature.topic).filter { seen.insert($0).inserted }
    }
}
