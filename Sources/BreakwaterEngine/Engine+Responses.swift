import BreakwaterCore
import BreakwaterDetection
import BreakwaterGovernance
import BreakwaterResponse

extension Engine {
    /// Applies the policy's response table to the signals of a decision.
    mutating func respond(into decision: inout Decision, at now: Timestamp) {
        let responses = config.policy.responses
        guard !responses.isEmpty else { return }
        var actions: [Action] = []
        for signal in decision.signals {
            for rule in responses where rule.signal == signal.kind && signal.severity >= rule.minimumSeverity {
                apply(rule, to: signal, at: now, into: &actions)
            }
        }
        if !actions.isEmpty { decision.actions += actions }
    }

    private mutating func apply(
        _ rule: ResponseRule,
        to signal: Signal,
        at now: Timestamp,
        into actions: inout [Action]
    ) {
        let lasting = rule.durationMilliseconds.map { " for \($0) ms" } ?? " until governance lifts it"
        let reason = "\(signal.kind) (\(signal.severity)) → \(rule.response.rawValue)\(lasting)"
        let until = now.advanced(by: rule.durationMilliseconds ?? 0)
        switch rule.response {
        case .reduceOnly, .halt:
            let kind: Containment.RestrictionKind = rule.response == .halt ? .halt : .reduceOnly
            for market in markets(of: signal.scope) where containment.restrict(market, kind, until: until) {
                let scope = Scope.market(market, in: poolOfMarket[Int(market.index)])
                actions.append(Action(kind: kind == .halt ? .halt : .reduceOnly, scope: scope, reason: reason))
            }
        case .freeze:
            guard let account = signal.scope.account ?? signal.accounts.first else { return }
            if containment.freeze(account, until: until) {
                actions.append(
                    Action(kind: .freeze, scope: Scope(pool: signal.scope.pool, account: account), reason: reason)
                )
            }
        case .pausePool:
            let pause = Containment.Pause(since: now, blocksExits: rule.blocksExits, reason: reason)
            for pool in pools(of: signal.scope) where containment.pause(pool, pause) {
                actions.append(Action(kind: .pause, scope: .pool(pool), reason: reason))
            }
        case .pauseProtocol:
            let pause = Containment.Pause(since: now, blocksExits: rule.blocksExits, reason: reason)
            if containment.pause(nil, pause) {
                actions.append(Action(kind: .pause, scope: .wholeProtocol, reason: reason))
            }
        }
    }

    /// The markets a scope covers: its market, else its pool's, else those on its asset, else all.
    private func markets(of scope: Scope) -> [MarketID] {
        if let market = scope.market { return [market] }
        if let pool = scope.pool { return marketsOfPool[Int(pool.index)] }
        if let asset = scope.asset { return marketsOfAsset[Int(asset.index)] }
        return config.marketIDs
    }

    /// The pools a scope covers: its pool, else those that use its asset, else all.
    private func pools(of scope: Scope) -> [PoolID] {
        if let pool = scope.pool { return [pool] }
        if let asset = scope.asset { return poolsOfAsset[Int(asset.index)] }
        return config.poolIDs
    }

    /// Lifts what the automation set and has run out: reduce-only and halts (a liquidation grace period follows a
    /// halt) and freezes.
    mutating func expireRestrictions(at now: Timestamp, into decision: inout Decision) {
        var actions: [Action] = []
        for expiry in containment.expire(at: now) {
            switch expiry {
            case .marketRestriction(let market, let kind):
                let scope = Scope.market(market, in: poolOfMarket[Int(market.index)])
                let what = kind == .halt ? "halt" : "reduce-only"
                actions.append(Action(kind: .resume, scope: scope, reason: "the policy's \(what) ran its time"))
                if kind == .halt { startGrace(market, at: now) }
            case .freeze(let account):
                actions.append(
                    Action(kind: .unfreeze, scope: Scope(account: account), reason: "the policy's freeze ran its time")
                )
            case .pause(let pool):
                let place = pool.map { "pool \(config.pool($0).name)" } ?? "the protocol"
                actions.append(
                    Action(
                        kind: .unpause,
                        scope: pool.map(Scope.pool) ?? .wholeProtocol,
                        reason: "the guardians' pause of \(place) ran its time without the DAO's confirmation"
                    )
                )
            }
        }
        if !actions.isEmpty { decision.actions += actions }
    }

    /// Starts a market's liquidation grace period, if the policy has one.
    mutating func startGrace(_ market: MarketID, at now: Timestamp) {
        let grace = config.policy.liquidationGraceMilliseconds
        guard grace > 0 else { return }
        containment.startGrace(market, until: now.advanced(by: grace))
    }

    /// Carries out a governance action; a rejection when there is nothing to act on.
    mutating func govern(_ action: GovernanceAction, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        // A deployment with keys takes only signed decisions: an unsigned line would skip the permission matrix.
        guard governance.config.guardians.isEmpty && governance.config.voters.isEmpty else {
            return Rejection(
                Rejection.Code(rawValue: GovernanceError.Code.notPermitted.rawValue),
                "this deployment has governance keys: \(action.kind.rawValue) must come as a signed_action"
            )
        }
        var recorded: Action
        switch action.kind {
        case .unpause:
            let place = action.pool.map { "pool \(config.pool($0).name)" } ?? "the protocol"
            guard containment.unpause(action.pool) else { return Rejection(.nothingToLift, "\(place) is not paused") }
            recorded = Action(
                kind: .unpause,
                scope: action.pool.map(Scope.pool) ?? .wholeProtocol,
                actor: .governance,
                reason: "governance lifted the pause of \(place)"
            )
        case .resume:
            guard let market = action.market else { return Rejection(.nothingToLift, "resume names no market") }
            let name = config.market(market).name
            let lifted = containment.lift(market)
            guard !lifted.isEmpty else {
                return Rejection(.nothingToLift, "market \(name) has no policy restriction to lift")
            }
            if lifted.contains(.halt) { startGrace(market, at: now) }
            recorded = Action(
                kind: .resume,
                scope: .market(market, in: poolOfMarket[Int(market.index)]),
                actor: .governance,
                reason: "governance lifted the policy's restrictions on \(name)"
            )
        case .unfreeze:
            guard let account = action.account, containment.unfreeze(account) else {
                return Rejection(.nothingToLift, "the account is not frozen")
            }
            recorded = Action(
                kind: .unfreeze,
                scope: Scope(account: account),
                actor: .governance,
                reason: "governance unfroze the account"
            )
        case .resetFeed:
            guard let feed = action.feed, oracleGuard.exclusion(of: feed) == .jumpTripped else {
                return Rejection(
                    .nothingToLift,
                    "feed \(action.feed.map { config.feed($0).name } ?? "") is not tripped"
                )
            }
            let asset = config.feed(feed).asset
            let signals = oracleGuard.reset(feed, at: now)
            if !signals.isEmpty { decision.signals += signals }
            refreshPrices(of: asset)
            recorded = Action(
                kind: .resetFeed,
                scope: .asset(asset),
                actor: .governance,
                reason: "governance reset feed \(config.feed(feed).name)"
            )
        }
        decision.actions += [recorded]
        return nil
    }
}
