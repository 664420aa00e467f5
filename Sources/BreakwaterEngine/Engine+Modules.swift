import BreakwaterCore
import BreakwaterDetection
import BreakwaterGovernance

/// Governed module upgrades, rollbacks and hotfixes: a module's settings become the engine's terms.
extension Engine {
    /// What a module governs.
    private enum ModuleTarget {
        case market(MarketID, valuation: Bool)
        case oracle(AssetID)
        case withdrawal(PoolID)
        case detectors
    }

    /// The state a module's version sets: a market's terms, or the answer bounds of an asset's feeds.
    private enum ModuleState: Equatable {
        case terms(MarketID, MarketTerms)
        case bounds([FeedID: OracleGuard.AnswerBounds])
        case withdrawalCheck(PoolID, skipsHealth: Bool)
        case detectors(DetectorSettings)
    }

    func upgradeEffect(
        _ action: GovernedAction,
        by actor: Action.Actor,
        who: String,
        at now: Timestamp
    ) throws(GovernanceError) -> (inout Engine) -> [Action] {
        let (name, target) = try module(action)
        var settings = modules.current(name)?.settings ?? [:]
        for (key, value) in action.parameters.sorted(by: { $0.key < $1.key }) {
            guard settings[key] != nil else {
                throw GovernanceError(
                    .badParameter,
                    "module \(name) has no setting \(key) (it has \(settings.keys.sorted().joined(separator: ", ")))"
                )
            }
            settings[key] = value
        }
        let current = state(of: target)
        let next = try state(from: settings, of: name, target)
        guard next != current else { throw GovernanceError(.nothingToDo, "module \(name) already runs these settings") }
        if action.kind == .emergencyHotfix, !Self.isAtLeastAsStrict(next, as: current) {
            throw GovernanceError(
                .wrongDirection,
                "a hotfix may only reduce risk: \(action.summary) loosens module \(name)"
            )
        }
        let from = modules.current(name)?.hash ?? ""
        let scope = scope(of: target)
        return { engine in
            engine.install(next)
            let version = engine.modules.install(settings, in: name, at: now.milliseconds)
            let verb = action.kind == .emergencyHotfix ? "hotfixed" : "upgraded"
            return [
                Action(
                    kind: .upgrade,
                    scope: scope,
                    actor: actor,
                    reason: "\(who) \(verb) module \(name) from \(from) to \(version.hash)"
                )
            ]
        }
    }

    func rollbackEffect(
        _ action: GovernedAction,
        by actor: Action.Actor,
        who: String
    ) throws(GovernanceError) -> (inout Engine) -> [Action] {
        let (name, target) = try module(action)
        guard let history = modules.installed[name], history.count >= 2 else {
            throw GovernanceError(.nothingToDo, "module \(name) has no earlier version to roll back to")
        }
        let previous = history[history.count - 2]
        let state = try state(from: previous.settings, of: name, target)
        let from = history[history.count - 1].hash
        let scope = scope(of: target)
        return { engine in
            engine.install(state)
            engine.modules.rollBack(name)
            return [
                Action(
                    kind: .rollback,
                    scope: scope,
                    actor: actor,
                    reason: "\(who) rolled module \(name) back from \(from) to \(previous.hash)"
                )
            ]
        }
    }

    /// The module an action names, and what it governs.
    private func module(_ action: GovernedAction) throws(GovernanceError) -> (String, ModuleTarget) {
        guard let name = action.scope.module else {
            throw GovernanceError(.badScope, "\(action.kind.rawValue) names no module")
        }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        if name == ModuleRegistry.detectorPolicy { return (name, .detectors) }
        if modules.current(name) != nil, parts.count == 2 {
            if parts[0] == "oracle", let asset = config.assetID(named: parts[1]) { return (name, .oracle(asset)) }
            if parts[0] == "withdrawal", let pool = config.poolID(named: parts[1]) { return (name, .withdrawal(pool)) }
            if let market = config.marketID(named: parts[1]) {
                return (name, .market(market, valuation: parts[0] == "valuation"))
            }
        }
        throw GovernanceError(
            .badScope,
            "there is no module \(name) (modules: \(modules.names.joined(separator: ", ")))"
        )
    }

    private func scope(of target: ModuleTarget) -> Scope {
        switch target {
        case .market(let market, _): .market(market, in: poolOfMarket[Int(market.index)])
        case .oracle(let asset): .asset(asset)
        case .withdrawal(let pool): .pool(pool)
        case .detectors: .wholeProtocol
        }
    }

    private func feeds(of asset: AssetID) -> [FeedID] {
        config.feeds.indices.map { FeedID($0) }.filter { config.feed($0).asset == asset }
    }

    private func state(of target: ModuleTarget) -> ModuleState {
        switch target {
        case .market(let market, _): .terms(market, ledger.terms(of: market))
        case .oracle(let asset):
            .bounds(Dictionary(uniqueKeysWithValues: feeds(of: asset).map { ($0, oracleGuard.answerBounds(of: $0)) }))
        case .withdrawal(let pool): .withdrawalCheck(pool, skipsHealth: withdrawalsSkipHealth[Int(pool.index)])
        case .detectors: .detectors(detectors.settings)
        }
    }

    private mutating func install(_ state: ModuleState) {
        switch state {
        case .terms(let market, let terms):
            ledger.setTerms(terms, of: market)
        case .bounds(let bounds):
            for (feed, bound) in bounds { oracleGuard.setAnswerBounds(bound, of: feed) }
        case .withdrawalCheck(let pool, let skipsHealth):
            withdrawalsSkipHealth[Int(pool.index)] = skipsHealth
        case .detectors(let settings):
            detectors.retune(settings)
        }
    }

    /// The state `settings` describe for `target`.
    private func state(
        from settings: [String: String],
        of name: String,
        _ target: ModuleTarget
    ) throws(GovernanceError) -> ModuleState {
        switch target {
        case .market(let market, let valuation):
            var terms = ledger.terms(of: market)
            if valuation {
                switch settings["code"] {
                case ModuleRegistry.vulnerableValuation: terms.unrealizedProfitCounts = true
                case ModuleRegistry.fixedValuation: terms.unrealizedProfitCounts = false
                default:
                    throw GovernanceError(
                        .badParameter,
                        "code must be \(ModuleRegistry.fixedValuation) or \(ModuleRegistry.vulnerableValuation)"
                    )
                }
                return .terms(market, terms)
            }
            func share(_ key: String) throws(GovernanceError) -> Wad {
                guard let text = settings[key], let value = try? Wad(parsing: text), value >= .zero, value <= .one
                else {
                    throw GovernanceError(.badParameter, "\(key) must be a decimal from 0 to 1")
                }
                return value
            }
            terms.initialMargin = try share("initial_margin")
            terms.maintenanceMargin = try share("maintenance_margin")
            terms.takerFee = try share("taker_fee")
            terms.liquidationPenalty = try share("liquidation_penalty")
            guard terms.maintenanceMargin.isPositive, terms.maintenanceMargin <= terms.initialMargin else {
                throw GovernanceError(.badParameter, "maintenance_margin must be above 0 and at most initial_margin")
            }
            return .terms(market, terms)
        case .oracle(let asset):
            var bounds: [FeedID: OracleGuard.AnswerBounds] = [:]
            for feed in feeds(of: asset) {
                let feedName = config.feed(feed).name
                func bound(_ key: String) throws(GovernanceError) -> Wad? {
                    let text = settings[feedName + "." + key] ?? "none"
                    if text == "none" { return nil }
                    guard let value = try? Wad(parsing: text), value.isPositive else {
                        throw GovernanceError(.badParameter, "\(feedName).\(key) must be a positive decimal or none")
                    }
                    return value
                }
                let answer = OracleGuard.AnswerBounds(min: try bound("min_answer"), max: try bound("max_answer"))
                if let min = answer.min, let max = answer.max, min >= max {
                    throw GovernanceError(.badParameter, "\(feedName).min_answer must be below its max_answer")
                }
                bounds[feed] = answer
            }
            return .bounds(bounds)
        case .withdrawal(let pool):
            switch settings["code"] {
            case ModuleRegistry.checkedWithdrawal: return .withdrawalCheck(pool, skipsHealth: false)
            case ModuleRegistry.vulnerableWithdrawal: return .withdrawalCheck(pool, skipsHealth: true)
            default:
                throw GovernanceError(
                    .badParameter,
                    "code must be \(ModuleRegistry.checkedWithdrawal) or \(ModuleRegistry.vulnerableWithdrawal)"
                )
            }
        case .detectors:
            var detectorSettings = detectors.settings
            for (key, path) in ModuleRegistry.detectorThresholds {
                guard let text = settings[key], let value = try? Wad(parsing: text), !value.isNegative else {
                    throw GovernanceError(.badParameter, "\(key) must be a decimal of at least 0")
                }
                detectorSettings[keyPath: path] = value
            }
            if let issue = detectorSettings.issues().first {
                throw GovernanceError(
                    .badParameter,
                    "\(issue.key.dropFirst("policy.detectors.".count)): \(issue.message)"
                )
            }
            return .detectors(detectorSettings)
        }
    }

    /// Whether `next` only reduces risk against `current`: what a hotfix may install.
    private static func isAtLeastAsStrict(_ next: ModuleState, as current: ModuleState) -> Bool {
        switch (next, current) {
        case (.terms(_, let next), .terms(_, let current)): next.isAtLeastAsStrict(as: current)
        case (.bounds(let next), .bounds(let current)):
            next.allSatisfy { feed, bounds in current[feed].map { bounds.isAtLeastAsStrict(as: $0) } ?? true }
        case (.withdrawalCheck(_, let next), .withdrawalCheck(_, let current)): !next || current
        case (.detectors(let next), .detectors(let current)):
            // Lower thresholds detect more, but a wider size tolerance does: a hotfix may only move each that way.
            ModuleRegistry.detectorThresholds.allSatisfy { threshold in
                threshold.key == "wash.size_tolerance"
                    ? next[keyPath: threshold.path] >= current[keyPath: threshold.path]
                    : next[keyPath: threshold.path] <= current[keyPath: threshold.path]
            }
        default: false
        }
    }
}
