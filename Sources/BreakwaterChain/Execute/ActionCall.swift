public import BreakwaterCore
public import BreakwaterEVM
import BreakwaterPipeline

/// A call one of Breakwater's actions becomes under the `executor` section: the contract, the call's data, and the
/// key that makes it one call however often it is decided.
public struct ActionCall: Sendable, Hashable {
    /// `pause|pool=main|INC-0001`: the action, its scope and its incident. A reorg that makes the engine decide the
    /// same pause again gives the same key, so it is sent once.
    public var dedupKey: String
    /// The mapping's index in `executor.actions`.
    public var mapping: Int
    public var contract: EVMAddress
    /// The selector and the arguments.
    public var data: [UInt8]
    /// `pause() on vault`: what it is, for people.
    public var summary: String

    /// The calls `action`, filed into `incident`, becomes: one per mapping that matches it and sends it, in file
    /// order. A mapping whose placeholder the action's scope cannot fill (an account whose name is not an address)
    /// gives a ``ActionCallError`` in its place: nothing is sent for it, and it is alerted.
    ///
    /// - Parameters:
    ///   - accountName: the name of an account, as the stream writes it (an address, on a chain).
    public static func calls(
        for action: Action,
        incident: String?,
        executor: ExecutorConfig,
        config: ProtocolConfig,
        accountName: (AccountID) -> String
    ) -> [Result<ActionCall, ActionCallError>] {
        let key = dedupKey(action, incident: incident, config: config, accountName: accountName)
        return executor.actions.enumerated().compactMap { index, mapping in
            guard mapping.matches(action), mapping.sends(action) else { return nil }
            let summary = "\(mapping.function.canonical) on \(mapping.contract.name)"
            do throws(ABIError) {
                var values: [ABIValue] = []
                for (argument, type) in zip(mapping.arguments, mapping.function.parameters) {
                    switch argument {
                    case .literal(let value): values.append(value)
                    case .placeholder(let key):
                        let text = value(of: key, in: action.scope, config: config, accountName: accountName)
                        guard let text else { throw ABIError(.badValue, "the action's scope has no \(key.rawValue)") }
                        values.append(type == .address ? .address(try EVMAddress(parsing: text)) : .string(text))
                    }
                }
                let call = ActionCall(
                    dedupKey: "\(key)|\(index)",
                    mapping: index,
                    contract: mapping.contract.address,
                    data: try mapping.function.callData(values),
                    summary: summary
                )
                return .success(call)
            } catch {
                return .failure(ActionCallError(mapping: index, summary: summary, message: error.message))
            }
        }
    }

    /// `kind|key=value,…|incident`, the scope's keys in a fixed order, by name.
    static func dedupKey(
        _ action: Action,
        incident: String?,
        config: ProtocolConfig,
        accountName: (AccountID) -> String
    ) -> String {
        dedupKey(kind: action.kind.rawValue, isProtocol: action.scope.isProtocol, incident: incident) { key in
            value(of: key, in: action.scope, config: config, accountName: accountName)
        }
    }

    /// The dedup key of the action the report lists as `entry`, filed into `incident`: the same as its action's.
    static func dedupKey(of entry: ReplayReport.ActionEntry, incident: String?) -> String {
        dedupKey(kind: entry.action, isProtocol: entry.scope.protocol == true, incident: incident) { key in
            switch key {
            case .pool: entry.scope.pool
            case .market: entry.scope.market
            case .function: entry.scope.function
            case .account: entry.scope.account
            case .asset: entry.scope.asset
            }
        }
    }

    private static func dedupKey(
        kind: String,
        isProtocol: Bool,
        incident: String?,
        name: (CallArgument.ScopeKey) -> String?
    ) -> String {
        var parts: [String] = isProtocol ? ["protocol"] : []
        for key in CallArgument.ScopeKey.allCases {
            if let name = name(key) { parts.append("\(key.rawValue)=\(name)") }
        }
        return "\(kind)|\(parts.joined(separator: ","))|\(incident ?? "-")"
    }

    /// The name the scope gives for `key`, if it names one.
    private static func value(
        of key: CallArgument.ScopeKey,
        in scope: Scope,
        config: ProtocolConfig,
        accountName: (AccountID) -> String
    ) -> String? {
        switch key {
        case .pool: scope.pool.map { config.pool($0).name }
        case .market: scope.market.map { config.market($0).name }
        case .function: scope.function?.rawValue
        case .account: scope.account.map(accountName)
        case .asset: scope.asset.map { config.asset($0).name }
        }
    }
}

/// A mapping that matched an action but cannot make its call: nothing is sent for it.
public struct ActionCallError: Error, Sendable, Hashable, CustomStringConvertible {
    public var mapping: Int
    public var summary: String
    public var message: String

    public var description: String { "executor.actions[\(mapping)] \(summary): \(message)" }
}
