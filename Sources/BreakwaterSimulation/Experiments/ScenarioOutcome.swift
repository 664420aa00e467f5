public import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys

/// What one policy did on one scenario-seed: how fast it answered the attack, what the attack took anyway, and
/// what its false alarms cost before the attack began (on a benign run, all of them).
public struct ScenarioOutcome: Sendable, Hashable {
    /// From the attack's start to the first signal, and to the first automated containment action, at or after it,
    /// that bears on the attack: on the attacked pool, one of its markets or assets, the attacker's accounts, or the
    /// whole protocol. A bad print on another asset during the attack is no detection of it.
    public var detectedAfter: Int64?
    public var containedAfter: Int64?
    /// What the attacker's accounts withdrew beyond what they deposited, valued at the market's closing prices.
    public var loss = 0.0
    /// Automated pool or protocol pauses before the attack.
    public var falsePauses = 0
    /// Market-minutes during which a market was halted, or its pool or the protocol paused, before the attack.
    public var haltMarketMinutes = 0.0
    /// Ledger invariants the engine found broken: zero, or the run is not to be trusted.
    public var invariantViolations = 0
    /// Bad debt the liquidations left before the attack (on a benign run, all of it), valued at the pools' quote
    /// prices, and the liquidations refused while the account was under water at the guarded price: the guards'
    /// false positives on the liquidation side.
    public var badDebt = 0.0
    public var liquidationsRefused = 0

    /// Runs `stream` through an engine on `config`, with `desk` lifting false-positive pauses.
    public init(_ stream: ScenarioStream, config: ProtocolConfig, desk: ResponseDesk) {
        var engine = Engine(config: config, verifier: Ed25519Verifier())
        var desk = desk
        var downtime = Downtime(config: config)
        var netOutflow = Array(repeating: 0.0, count: config.assets.count)
        let attackStart = stream.attackStart ?? Timestamp(milliseconds: .max)
        let target = AttackTarget(stream, config: config)
        var (detected, contained, pauses): (Int64?, Int64?, Int) = (nil, nil, 0)
        func apply(_ event: Event) {
            let decision = engine.apply(event)
            if !stream.attackers.isEmpty, decision.isAccepted,
                let (asset, amount) = Self.outflow(of: event, by: stream.attackers)
            {
                netOutflow[Int(asset.index)] += amount
            }
            guard decision.hasSignalsOrActions else { return }
            if event.timestamp < attackStart {
                pauses += decision.actions.count { $0.actor == .auto && $0.kind == .pause && $0.isEnforced }
                desk.review(decision, isFalsePositive: true)
                downtime.update(at: event.timestamp) { engine.isStopped($0) }
            } else {
                let since = event.timestamp.milliseconds(since: attackStart)
                if detected == nil, decision.signals.contains(where: { target.covers($0.scope, $0.accounts) }) {
                    detected = since
                }
                if contained == nil,
                    decision.actions.contains(where: { Self.contains($0) && target.covers($0.scope, []) })
                {
                    contained = since
                }
            }
        }
        var attackBegun = false
        func liquidationCosts() -> (badDebt: Double, refused: Int) {
            zip(config.pools, engine.liquidations).reduce((0.0, 0)) { total, pool in
                let quote = stream.closingPrices[Int(pool.0.quote.index)] ?? 1
                return (total.0 + pool.1.badDebt.approximateDouble * quote, total.1 + pool.1.refusedDue)
            }
        }
        for event in stream.events {
            if !attackBegun, event.timestamp >= attackStart {
                attackBegun = true
                (badDebt, liquidationsRefused) = liquidationCosts()
                // A pause already on the attacked pool meets the attack: it is contained from the start.
                if let pool = stream.attackedPool, engine.isPaused(pool) { contained = 0 }
            }
            for lift in desk.due(by: event.timestamp)
            where !(attackBegun && Self.lifts(lift, pool: stream.attackedPool)) {
                apply(lift)
            }
            apply(event)
        }
        (detectedAfter, containedAfter, falsePauses) = (detected, contained, pauses)
        if !attackBegun { (badDebt, liquidationsRefused) = liquidationCosts() }
        invariantViolations = engine.invariantViolations.count
        haltMarketMinutes = downtime.marketMinutes(
            until: Swift.min(attackStart, stream.events.last?.timestamp ?? attackStart)
        )
        for (index, amount) in netOutflow.enumerated() where amount != 0 {
            loss +=
                amount
                * (stream.closingPrices[index] ?? engine.prices.price(of: AssetID(index))?.approximateDouble ?? 0)
        }
        loss = Swift.max(0, loss)
    }

    /// Whether a lift is of a pause on `pool` or the whole protocol: once the attack has begun, guardians keep it.
    private static func lifts(_ lift: Event, pool: PoolID?) -> Bool {
        guard case .governance(let action) = lift.payload, action.kind == .unpause else { return false }
        return action.pool == nil || action.pool == pool
    }

    /// Whether an action contains an attack: an automated, enforced restriction.
    private static func contains(_ action: Action) -> Bool {
        guard action.actor == .auto, action.isEnforced else { return false }
        switch action.kind {
        case .pause, .halt, .limitState, .reduceOnly, .freeze, .rateLimit: return true
        default: return false
        }
    }

    /// The asset and amount an event moves out of the protocol for one of `accounts` (negative when in).
    private static func outflow(of event: Event, by accounts: Set<AccountID>) -> (AssetID, Double)? {
        switch event.payload {
        case .withdraw(let movement), .lpRemove(let movement):
            accounts.contains(movement.account) ? (movement.asset, movement.amount.approximateDouble) : nil
        case .deposit(let movement), .lpAdd(let movement):
            accounts.contains(movement.account) ? (movement.asset, -movement.amount.approximateDouble) : nil
        default: nil
        }
    }
}

/// What an attack is on: its pool, the pool's markets and assets, and the attacker's accounts.
struct AttackTarget {
    private let pool: PoolID?
    private let markets: Set<MarketID>
    private let assets: Set<AssetID>
    private let accounts: Set<AccountID>

    init(_ stream: ScenarioStream, config: ProtocolConfig) {
        pool = stream.attackedPool
        let markets = pool.map { config.markets(in: $0) } ?? []
        self.markets = Set(markets)
        assets = Set(
            (pool.map { config.pool($0).collateral.map(\.asset) } ?? []) + markets.map { config.market($0).underlying }
        )
        accounts = stream.attackers
    }

    /// Whether a signal or action with this scope, naming these accounts, bears on the attack.
    func covers(_ scope: Scope, _ named: [AccountID]) -> Bool {
        if scope.isProtocol || scope.account.map(accounts.contains) == true || named.contains(where: accounts.contains)
        {
            return true
        }
        if let market = scope.market { return markets.contains(market) }
        if let poolOfScope = scope.pool { return poolOfScope == pool }
        if let asset = scope.asset { return assets.contains(asset) }
        return false
    }
}
