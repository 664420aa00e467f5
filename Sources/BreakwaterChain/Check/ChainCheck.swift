public import BreakwaterCore
import BreakwaterEVM

/// What `breakwater chain check` finds: whether each node answers and is the configured chain, whether every
/// contract and token has code, and each mapping with its event's topic; with an `executor` section, whether the
/// pauser can pay and each call would succeed now, and each action mapping with its selector.
public struct ChainCheckReport: Sendable, Hashable, Encodable {
    /// One check and how it came out.
    public struct Check: Sendable, Hashable, Encodable {
        /// What was checked, in words (`chain id is 1337`), whether it holds, and what was found.
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    /// One `events` entry: which logs become which event.
    public struct Mapping: Sendable, Hashable, Encodable {
        /// The contract's name and address, and the event's signature.
        public var contract, address, signature: String
        /// The logs' first topic (`0x` and 64 hexadecimal digits), and the kind of event they become.
        public var topic, kind: String
    }

    public var chainID: UInt64
    /// The endpoints, as `scheme://host:port`.
    public var endpoints: [String]
    public var checks: [Check]
    public var mappings: [Mapping]
    /// The pauser and the action mappings, when `chain.yml` has an `executor` section.
    public var executor: Executor?

    /// Whether every check holds.
    public var ok: Bool { checks.allSatisfy(\.ok) }

    enum CodingKeys: String, CodingKey {
        case ok, endpoints, checks, mappings, executor
        case chainID = "chain_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(chainID, forKey: .chainID)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encode(checks, forKey: .checks)
        try container.encode(mappings, forKey: .mappings)
        try container.encodeIfPresent(executor, forKey: .executor)
    }

    /// The report for a person: a line per check, then the mappings.
    public var text: String {
        var lines = checks.map { "\($0.ok ? "ok  " : "FAIL") \($0.name): \($0.detail)" }
        lines.append("mappings:")
        for mapping in mappings {
            lines.append(
                "  \(mapping.contract) \(mapping.address) \(mapping.signature) topic \(mapping.topic) -> \(mapping.kind)"
            )
        }
        if let executor {
            let balance = executor.balanceWei.map { "balance \($0) wei, nonce \(executor.nonce ?? 0)" } ?? "not asked"
            lines.append("executor: pauser \(executor.address) (\(balance)), enforce \(executor.enforce)")
            for action in executor.actions {
                lines.append(
                    "  \(action.action) (\(action.scope)) -> \(action.contract) \(action.address) \(action.call) "
                        + "selector \(action.selector)"
                )
            }
        }
        let failed = checks.count { !$0.ok }
        lines.append(failed == 0 ? "all \(checks.count) checks hold" : "\(failed) of \(checks.count) checks failed")
        return lines.joined(separator: "\n")
    }
}

/// Runs the checks of `breakwater chain check`.
public enum ChainCheck {
    /// Asks each node of `chain` whether it answers and is the chain `chain` names, then asks for the code of each
    /// contract and token. `client(endpoint)` makes the client of one endpoint: every endpoint is checked on its own,
    /// so a failover list with a dead node in it fails the check.
    public static func run(
        chain: ChainConfig,
        config: ProtocolConfig,
        client: (RPCEndpoint) -> JSONRPCClient
    ) async -> ChainCheckReport {
        var checks: [ChainCheckReport.Check] = []
        var answering: JSONRPCClient?
        for endpoint in chain.endpoints {
            let node = client(endpoint)
            do {
                let head = try await node.blockNumber()
                checks.append(.init(name: "\(endpoint) answers", ok: true, detail: "its newest block is \(head)"))
                let id = try await node.chainID()
                checks.append(
                    .init(
                        name: "\(endpoint) is chain \(chain.chainID)",
                        ok: id == chain.chainID,
                        detail: id == chain.chainID ? "it reports \(id)" : "it reports chain \(id): another chain"
                    )
                )
                if id == chain.chainID, answering == nil { answering = node }
            } catch {
                checks.append(.init(name: "\(endpoint) answers", ok: false, detail: error.message))
            }
        }
        var deployed: [(what: String, address: EVMAddress)] = chain.contracts.map {
            ("contract \($0.name)", $0.address)
        }
        deployed += chain.tokens.map { ("token \(config.asset($0.asset).name)", $0.address) }
        for (what, address) in deployed {
            let name = "\(what) has code at \(address)"
            guard let answering else {
                checks.append(
                    .init(name: name, ok: false, detail: "not checked: no node of chain \(chain.chainID) answered")
                )
                continue
            }
            do {
                let code = try await answering.code(at: address)
                checks.append(
                    .init(
                        name: name,
                        ok: !code.isEmpty,
                        detail: code.isEmpty
                            ? "no code there: a wrong address, or another chain" : "\(code.count) bytes"
                    )
                )
            } catch {
                checks.append(.init(name: name, ok: false, detail: error.message))
            }
        }
        let executor: ChainCheckReport.Executor? =
            if let section = chain.executor {
                await Self.executor(
                    section,
                    config: config,
                    node: answering,
                    chainID: chain.chainID,
                    into: &checks
                )
            } else { nil }
        let mappings = chain.mappings.map {
            ChainCheckReport.Mapping(
                contract: $0.contract,
                address: $0.address.description,
                signature: $0.signature.description,
                topic: "0x" + Hex.encode($0.signature.topic),
                kind: $0.kind.rawValue
            )
        }
        return ChainCheckReport(
            chainID: chain.chainID,
            endpoints: chain.endpoints.map(\.redacted),
            checks: checks,
            mappings: mappings,
            executor: executor
        )
    }
}
