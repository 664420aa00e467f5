public import BreakwaterCore
import BreakwaterEngine

/// What one policy did on one scenario-seed: how fast it answered the attack, what the attack took anyway, and
/// what its false alarms cost before the attack began (on a benign run, all of them).
public struct ScenarioOutcome: Sendable, Hashable {
    /// From the attack's start to the first signal, and to the first automated containment action, at or after it.
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

    /// Runs `stream` through an engine on `config`, with `desk` lifting false-positive pauses.
    public init(_ stream: ScenarioStream, config: ProtocolConfig, desk: ResponseDesk) {
        var engine = Engine(config: config)
        var desk = desk
        var downtime = Downtime(config: config)
        var netOutflow = Array(repeating: 0.0, count: config.assets.count)
        let attackStart = stream.attackStart ?? Timestamp(milliseconds: .max)
        var (detected, contained, pauses): (Int64?, Int64?, Int) = (nil, nil, 0)
        func apply(_ event: Event) {
            let decision = engine.apply(event)
            if !stream.attackers.isEmpty, decision.isAccepted, let (asset, amount) = Self.outflow(of: event, by: stream.attackers) {
                netOutflow[Int(asset.index)] += amount
            }
            guard decision.hasSignalsOrActions else { return }
            if event.timestamp < attackStart {
                pauses += decision.actions.count { $0.actor == .auto && $0.kind == .pause && $0.isEnforced }
                desk.review(decision, isFalsePositive: true)
                downtime.update(at: event.timestamp, actions: decision.actions)
            } else {
                let since = event.timestamp.milliseconds(since: attackStart)
                if detected == nil, !decision.signals.isEmpty { detected = since }
                if contained == nil, decision.actions.contains(where: Self.contains) { contained = since }
            }
        }
        for event in stream.events {
            for lift in desk.due(by: event.timestamp) { apply(lift) }
            apply(event)
        }
        (detectedAfter, containedAfter, falsePauses) = (detected, contained, pauses)
        invariantViolations = engine.invariantViolations.count
        haltMarketMinutes = downtime.marketMinutes(until: Swift.min(attackStart, stream.events.last?.timestamp ?? attackStart))
        for (index, amount) in netOutflow.enumerated() where amount != 0 {
            loss += amount * (stream.closingPrices[index] ?? engine.prices.price(of: AssetID(index))?.approximateDouble ?? 0)
        }
        loss = Swift.max(0, loss)
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

/// Market-minutes of downtime: a market is down while halted, or while its pool or the protocol is paused. Kept
/// from the actions that set and lift those states.
struct Downtime {
    private let poolOfMarket: [PoolID]
    private var halted: [Bool]
    private var poolPaused: [Bool]
    private var protocolPaused = false
    private var downSince: [Timestamp?]
    private var minutes = 0.0

    init(config: ProtocolConfig) {
        poolOfMarket = config.markets.map(\.pool)
        halted = Array(repeating: false, count: config.markets.count)
        poolPaused = Array(repeating: false, count: config.pools.count)
        downSince = Array(repeating: nil, count: config.markets.count)
    }

    /// Takes the halts, resumptions, pauses and unpauses of a decision at `time`.
    mutating func update(at time: Timestamp, actions: [Action]) {
        for action in actions where action.isEnforced {
            switch (action.kind, action.scope.market, action.scope.pool) {
            case (.halt, let market?, _): halted[Int(market.index)] = true
            case (.resume, let market?, _): halted[Int(market.index)] = false
            case (.pause, nil, let pool?) where action.scope.account == nil: poolPaused[Int(pool.index)] = true
            case (.unpause, nil, let pool?): poolPaused[Int(pool.index)] = false
            case (.pause, nil, nil) where action.scope.isProtocol: protocolPaused = true
            case (.unpause, nil, nil) where action.scope.isProtocol: protocolPaused = false
            default: continue
            }
        }
        for market in downSince.indices {
            let down = halted[market] || poolPaused[Int(poolOfMarket[market].index)] || protocolPaused
            switch (downSince[market], down) {
            case (nil, true): downSince[market] = time
            case (let since?, false):
                minutes += Double(time.milliseconds(since: since)) / 60_000
                downSince[market] = nil
            default: continue
            }
        }
    }

    /// The total, counting markets still down as down until `end`.
    func marketMinutes(until end: Timestamp) -> Double {
        downSince.reduce(minutes) { total, since in
            since.map { total + Double(end.milliseconds(since: $0)) / 60_000 } ?? total
        }
    }
}
