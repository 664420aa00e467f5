import BigInt
import BreakwaterCore
import BreakwaterEVM
import Foundation

extension ChainConfigChecker {
    static let defaultBumpAfterMs = 3_000
    static let defaultUnminedAlertMs = 30_000
    static let defaultGasLimit = 200_000

    /// The `executor` section, its key read from the variable `key_env` names or the file `key_file` holds. A
    /// problem with the key names where it was looked for, never the key.
    mutating func executor(
        _ wire: WireExecutor,
        contracts: [ChainConfig.Contract],
        environment: [String: String]
    ) -> ExecutorConfig? {
        let key = self.key(wire, environment: environment)
        let maxFee = wei(wire.maxFeeGwei, at: "executor.max_fee_gwei")
        let maxPriorityFee = wei(wire.maxPriorityFeeGwei, at: "executor.max_priority_fee_gwei")
        if let maxFee, let maxPriorityFee, maxPriorityFee > maxFee {
            note("executor.max_priority_fee_gwei", "must be at most max_fee_gwei")
        }
        let bumpAfterMs = atLeast(1, wire.bumpAfterMs ?? Self.defaultBumpAfterMs, "executor.bump_after_ms")
        let unminedAlertMs = atLeast(
            1,
            wire.unminedAlertMs ?? Self.defaultUnminedAlertMs,
            "executor.unmined_alert_ms"
        )
        let gasLimit = atLeast(21_000, wire.gasLimit ?? Self.defaultGasLimit, "executor.gas_limit")
        var actions: [ActionMapping] = []
        for (index, entry) in (wire.actions ?? []).enumerated() {
            if let mapping = actionMapping(entry, at: "executor.actions[\(index)]", contracts: contracts) {
                actions.append(mapping)
            }
        }
        if wire.actions?.isEmpty ?? true { note("executor.actions", "missing: at least one action to send as a call") }
        guard let key, let maxFee, let maxPriorityFee else { return nil }
        return ExecutorConfig(
            key: key,
            enforce: wire.enforce ?? true,
            maxFeePerGas: maxFee,
            maxPriorityFeePerGas: maxPriorityFee,
            bumpAfter: .milliseconds(bumpAfterMs),
            unminedAlertAfter: .milliseconds(unminedAlertMs),
            gasLimit: UInt64(gasLimit),
            actions: actions
        )
    }

    private mutating func key(_ wire: WireExecutor, environment: [String: String]) -> SigningKey? {
        let text: String
        let key: String
        switch (wire.keyEnv, wire.keyFile) {
        case (.some, .some):
            note("executor.key_file", "give key_env or key_file, not both")
            return nil
        case (nil, nil):
            note("executor.key_env", "missing: the variable that holds the pauser's private key (or key_file)")
            return nil
        case (.some(let name), nil):
            key = "executor.key_env"
            guard let value = environment[name], !value.isEmpty else {
                note(key, "the variable \(name) is not set")
                return nil
            }
            text = value
        case (nil, .some(let path)):
            key = "executor.key_file"
            guard let data = FileManager.default.contents(atPath: path) else {
                note(key, "\(path) cannot be read")
                return nil
            }
            text = String(decoding: data, as: UTF8.self)
        }
        do {
            return try SigningKey(hex: text)
        } catch {
            note(key, error.message)
            return nil
        }
    }

    /// Gwei written as a decimal string (`"200"`, `"1.5"`), in wei.
    private mutating func wei(_ text: String?, at key: String) -> BigUInt? {
        guard let text else {
            note(key, "missing: a cap in gwei, as a string (\"200\")")
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = BigUInt(String(parts[0])), !parts[0].isEmpty,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts.count == 1 || (1...9).contains(parts[1].count)
        else {
            note(key, "\"\(text)\" is not an amount of gwei (at most 9 decimals)")
            return nil
        }
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 9, withPad: "0", startingAt: 0) : "0"
        let wei = whole * BigUInt(1_000_000_000) + (BigUInt(fraction) ?? 0)
        guard wei > 0 else {
            note(key, "must be more than 0")
            return nil
        }
        return wei
    }

    private mutating func actionMapping(
        _ wire: WireActionMapping,
        at path: String,
        contracts: [ChainConfig.Contract]
    ) -> ActionMapping? {
        let kind = Action.Kind(rawValue: wire.action).flatMap { ActionMapping.kinds.contains($0) ? $0 : nil }
        if kind == nil {
            note(
                "\(path).action",
                "unknown action \(wire.action) (actions: \(ActionMapping.kinds.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let scope = self.scope(wire.scope ?? [:], at: "\(path).scope")
        let contract = contracts.first { $0.name == wire.contract }
        if contract == nil {
            note(
                "\(path).contract",
                "unknown contract \(wire.contract) (contracts: \(contracts.map(\.name).joined(separator: ", ")))"
            )
        }
        var lifts = false
        switch wire.lift {
        case nil: break
        case "auto": lifts = true
        case let other?: note("\(path).lift", "\"\(other)\" is not auto (leave it out: lifts only governance decided)")
        }
        let function: FunctionSignature
        do {
            function = try FunctionSignature(parsing: wire.call)
        } catch {
            note("\(path).call", error.message)
            return nil
        }
        let written = wire.args ?? []
        guard written.count == function.parameters.count else {
            note("\(path).args", "\(function.canonical) takes \(function.parameters.count), not \(written.count)")
            return nil
        }
        var arguments: [CallArgument] = []
        for (index, (value, type)) in zip(written, function.parameters).enumerated() {
            if let argument = self.argument(value, type: type, scope: scope, at: "\(path).args[\(index)]") {
                arguments.append(argument)
            }
        }
        guard let kind, let contract, let scope, arguments.count == written.count else { return nil }
        return ActionMapping(
            action: kind,
            scope: scope,
            contract: contract,
            function: function,
            arguments: arguments,
            liftsAutomatically: lifts
        )
    }

    private mutating func scope(_ wire: [String: WireScopeValue], at path: String) -> Scope? {
        var scope = Scope()
        var isValid = true
        for (key, value) in wire.sorted(by: { $0.key < $1.key }) {
            let name: String
            switch value {
            case .bool(let flag):
                guard key == "protocol", flag else {
                    note("\(path).\(key)", key == "protocol" ? "must be true" : "must be a name, not a boolean")
                    isValid = false
                    continue
                }
                scope.isProtocol = true
                continue
            case .text(let text): name = text
            }
            switch key {
            case "pool": scope.pool = config.poolID(named: name)
            case "market": scope.market = config.marketID(named: name)
            case "asset": scope.asset = config.assetID(named: name)
            case "function": scope.function = Scope.Function(rawValue: name)
            default:
                note("\(path).\(key)", "must be true")
                isValid = false
                continue
            }
            let known: [String] =
                switch key {
                case "pool": config.pools.map(\.name)
                case "market": config.markets.map(\.name)
                case "asset": config.assets.map(\.name)
                default: Scope.Function.allCases.map(\.rawValue)
                }
            if !known.contains(name) {
                note("\(path).\(key)", "unknown \(key) \(name) (\(key)s: \(known.joined(separator: ", ")))")
                isValid = false
            }
        }
        return isValid ? scope : nil
    }

    /// A literal of `type` (a YAML boolean, an integer or an address as a string), or a placeholder of the action's
    /// scope, which must be able to hold a value of `type`.
    private mutating func argument(
        _ wire: WireScopeValue,
        type: ABIType,
        scope: Scope?,
        at key: String
    ) -> CallArgument? {
        if case .text(let text) = wire, text.hasPrefix("{"), text.hasSuffix("}") {
            guard let placeholder = CallArgument.ScopeKey(rawValue: String(text.dropFirst().dropLast())) else {
                let keys = CallArgument.ScopeKey.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                note(key, "unknown placeholder \(text) (placeholders: \(keys))")
                return nil
            }
            // An account is an address on a chain; the config's names (pools, markets, assets, functions) are
            // text, which only a string parameter holds.
            let fits = placeholder == .account ? (type == .address || type == .string) : type == .string
            guard fits else {
                note(
                    key,
                    "\(text) cannot be a \(type): only \(placeholder == .account ? "an address or a " : "a ")string"
                )
                return nil
            }
            return .placeholder(placeholder)
        }
        do {
            return .literal(try CallArgument.literal(wire, as: type))
        } catch {
            note(key, error.message)
            return nil
        }
    }
}

extension CallArgument {
    /// The value `wire` writes for a parameter of `type`, in its range.
    static func literal(_ wire: WireScopeValue, as type: ABIType) throws(ABIError) -> ABIValue {
        guard let value = try value(wire, as: type) else {
            let written =
                switch wire {
                case .bool(let flag): "\(flag)"
                case .text(let text): "\"\(text)\""
                }
            throw ABIError(.badValue, "\(written) is not a \(type)")
        }
        try value.check(as: type)
        return value
    }

    private static func value(_ wire: WireScopeValue, as type: ABIType) throws(ABIError) -> ABIValue? {
        switch (type, wire) {
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.address, .text(let text)): return .address(try EVMAddress(parsing: text))
        case (.uint, .text(let text)):
            guard text.allSatisfy(\.isNumber), let number = BigUInt(text, radix: 10) else { break }
            return .uint(number)
        case (.int, .text(let text)):
            guard let number = BigInt(text, radix: 10) else { break }
            return .int(number)
        case (.fixedBytes(let size), .text(let text)):
            guard text.hasPrefix("0x"), let bytes = Hex.decode(text.dropFirst(2)), bytes.count == size else { break }
            return .bytes(bytes)
        case (.bytes, .text(let text)):
            guard text.hasPrefix("0x"), let bytes = Hex.decode(text.dropFirst(2)) else { break }
            return .bytes(bytes)
        case (.string, .text(let text)): return .string(text)
        default: break
        }
        return nil
    }
}
