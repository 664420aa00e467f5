import BigInt
import BreakwaterCore
import BreakwaterEVM

extension ChainCheckReport {
    /// The `executor` section as the check found it: the pauser, and each action mapping with its selector.
    public struct Executor: Sendable, Hashable, Encodable {
        /// The pauser's address (EIP-55), never its key.
        public var address: String
        /// Its balance in wei (a decimal string) and its next nonce, counting unmined transactions; `nil` when no
        /// node answered.
        public var balanceWei: String?
        public var nonce: Int64?
        public var enforce: Bool
        public var actions: [ActionCall]

        enum CodingKeys: String, CodingKey {
            case address, nonce, enforce, actions
            case balanceWei = "balance_wei"
        }
    }

    /// One `executor.actions` entry: the action, the scope it is for, and the call it becomes.
    public struct ActionCall: Sendable, Hashable, Encodable {
        /// The action's kind, and its scope as the file wrote it (`pool main`, `any`).
        public var action, scope: String
        /// The contract's name and address, the call's canonical signature and its selector (`0x` and 8 digits).
        public var contract, address, call, selector: String
    }
}

extension ChainCheck {
    /// The executor's checks, asked of `node`: the pauser can pay for a call at the fee caps, and each call without
    /// placeholders succeeds now when the pauser makes it (`eth_call`, read-only).
    static func executor(
        _ executor: ExecutorConfig,
        config: ProtocolConfig,
        node: JSONRPCClient?,
        chainID: UInt64,
        into checks: inout [ChainCheckReport.Check]
    ) async -> ChainCheckReport.Executor {
        let pauser = executor.key.address
        var report = ChainCheckReport.Executor(
            address: pauser.checksummed,
            enforce: executor.enforce,
            actions: executor.actions.map { mapping in
                ChainCheckReport.ActionCall(
                    action: mapping.action.rawValue,
                    scope: describe(mapping.scope, config: config),
                    contract: mapping.contract.name,
                    address: mapping.contract.address.description,
                    call: mapping.function.canonical,
                    selector: "0x" + Hex.encode(mapping.function.selector)
                )
            }
        )
        let cost = executor.maxFeePerGas * BigUInt(executor.gasLimit)
        let paying = "pauser \(pauser.checksummed) can pay for a call at max_fee_gwei"
        guard let node else {
            checks.append(.init(name: paying, ok: false, detail: "not checked: no node of chain \(chainID) answered"))
            return report
        }
        do {
            let balance = try await node.balance(of: pauser)
            let nonce = try await node.pendingNonce(of: pauser)
            (report.balanceWei, report.nonce) = (balance.description, nonce)
            checks.append(
                .init(
                    name: paying,
                    ok: balance >= cost,
                    detail: "balance \(ether(balance)) ETH, a call costs at most \(ether(cost)) ETH; nonce \(nonce)"
                )
            )
        } catch {
            checks.append(.init(name: paying, ok: false, detail: error.message))
        }
        for (index, mapping) in executor.actions.enumerated() {
            let name =
                "executor.actions[\(index)] \(mapping.function.canonical) on \(mapping.contract.name) succeeds from the pauser"
            let literals = mapping.arguments.compactMap { argument -> ABIValue? in
                if case .literal(let value) = argument { value } else { nil }
            }
            guard literals.count == mapping.arguments.count else {
                checks.append(
                    .init(name: name, ok: true, detail: "not called: its arguments come from the action's scope")
                )
                continue
            }
            do {
                let data = try mapping.function.callData(literals)
                _ = try await node.call(data, on: mapping.contract.address, from: pauser)
                checks.append(.init(name: name, ok: true, detail: "eth_call succeeds now"))
            } catch let error as ChainError {
                checks.append(.init(name: name, ok: false, detail: error.message))
            } catch {
                checks.append(.init(name: name, ok: false, detail: "\(error)"))
            }
        }
        return report
    }

    /// `pool main, market ETH-PERP`, `protocol`, or `any`.
    private static func describe(_ scope: Scope, config: ProtocolConfig) -> String {
        var parts: [String] = scope.isProtocol ? ["protocol"] : []
        if let pool = scope.pool { parts.append("pool \(config.pool(pool).name)") }
        if let market = scope.market { parts.append("market \(config.market(market).name)") }
        if let function = scope.function { parts.append("function \(function.rawValue)") }
        if let asset = scope.asset { parts.append("asset \(config.asset(asset).name)") }
        return parts.isEmpty ? "any" : parts.joined(separator: ", ")
    }

    /// Wei as ether with up to 6 decimals: `1.5`, `0.000021`.
    private static func ether(_ wei: BigUInt) -> String { FeeError.decimal(wei, unitDigits: 18, shownDigits: 6) }
}
