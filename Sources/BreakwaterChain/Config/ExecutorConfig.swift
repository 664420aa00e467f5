public import BigInt
public import BreakwaterCore
public import BreakwaterEVM

/// The `executor` section of `chain.yml` (`docs/chain.md`): the pauser's key, the fee caps, and which of
/// Breakwater's actions become which contract calls.
public struct ExecutorConfig: Sendable {
    /// The protocol's pauser: it signs the calls. Held in memory only, never shown.
    public var key: SigningKey
    /// `false`: the transactions are computed and journaled, never sent (shadow).
    public var enforce: Bool
    /// Wei per gas at most, base fee included; a fee above it is refused and alerted.
    public var maxFeePerGas: BigUInt
    /// Wei per gas at most to the block's producer.
    public var maxPriorityFeePerGas: BigUInt
    /// An unmined transaction is replaced with a higher fee after this long.
    public var bumpAfter: Duration
    /// A transaction not mined this long after it was first sent is alerted (a `tx_failed` note).
    public var unminedAlertAfter: Duration
    /// The gas each call may use.
    public var gasLimit: UInt64
    /// In file order: when several match an action, all run, in this order.
    public var actions: [ActionMapping]

    /// The two fee caps as the fees of a transaction.
    public var caps: FeeQuote { FeeQuote(maxFeePerGas: maxFeePerGas, maxPriorityFeePerGas: maxPriorityFeePerGas) }

    /// The mappings that `action` matches, in file order.
    public func mappings(for action: Action) -> [ActionMapping] { actions.filter { $0.matches(action) } }
}

/// One `executor.actions` entry: an action of Breakwater's, where it applies, and the call it becomes.
public struct ActionMapping: Sendable {
    public var action: Action.Kind
    /// The keys named here must equal the action's; `nil` keys match any. An account is never named: an action on
    /// any account matches, and `"{account}"` passes it to the call.
    public var scope: Scope
    public var contract: ChainConfig.Contract
    public var function: FunctionSignature
    /// One per parameter of ``function``.
    public var arguments: [CallArgument]
    /// A lift (`unpause`, `resume`, `unfreeze`, `reset_feed`) the automation takes is sent too (`lift: auto`);
    /// otherwise only governance's lifts are.
    public var liftsAutomatically: Bool

    /// The action kinds a mapping may name: those of `docs/replay-report.md`.
    public static let kinds: [Action.Kind] = [
        .limitState, .halt, .resume, .reduceOnly, .rateLimit, .pause, .unpause, .freeze, .unfreeze, .resetFeed,
    ]

    /// The kinds that lift a restriction rather than add one.
    public static let lifts: Set<Action.Kind> = [.unpause, .resume, .unfreeze, .resetFeed]

    /// Whether `action` is of this mapping's kind and every scope key the mapping names is the action's.
    public func matches(_ action: Action) -> Bool {
        guard action.kind == self.action else { return false }
        if scope.isProtocol && !action.scope.isProtocol { return false }
        func same<Value: Equatable>(_ key: KeyPath<Scope, Value?>) -> Bool {
            scope[keyPath: key].map { $0 == action.scope[keyPath: key] } ?? true
        }
        return same(\.pool) && same(\.market) && same(\.function) && same(\.asset)
    }

    /// Whether an action it matches is sent: an enforced one, and a lift only when governance decided it (or
    /// `lift: auto`).
    public func sends(_ action: Action) -> Bool {
        guard action.isEnforced else { return false }
        guard Self.lifts.contains(action.kind) else { return true }
        return liftsAutomatically || action.actor != .auto
    }
}

/// A call's argument: a value written in the file, or a key of the action's scope (`"{account}"`).
public enum CallArgument: Sendable, Hashable {
    case literal(ABIValue)
    case placeholder(ScopeKey)

    /// The scope keys a placeholder may name.
    public enum ScopeKey: String, Sendable, Hashable, CaseIterable {
        case pool, market, function, account, asset
    }
}
