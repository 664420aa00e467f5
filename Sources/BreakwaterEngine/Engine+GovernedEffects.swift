import BreakwaterCore
import BreakwaterGovernance
import BreakwaterResponse

/// What each governed action does to the engine, checked before anything changes.
extension Engine {
    /// Checks that `action` can be carried out now, and returns what carries it out: nothing changes until the
    /// returned closure runs.
    ///
    /// - Parameters:
    ///   - signers: the keys that signed it, named in the action's reason.
    ///   - path: how it was authorized; the fast lane checks the pause it lifts.
    func effect(
        of action: GovernedAction,
        account: AccountID?,
        by actor: Action.Actor,
        signers: [[UInt8]],
        path: PermissionMatrix.Path = .proposal,
        at now: Timestamp
    ) throws(GovernanceError) -> (inout Engine) -> [Action] {
        let who =
            signers.isEmpty
            ? "\(actor.rawValue)" : "\(actor.rawValue) (\(signers.map(Authorizer.hex).joined(separator: ", ")))"
        let policyOf = governance.config
        try checkScope(of: action)
        switch action.kind {
        case .pause:
            let pool = try optionalPool(action)
            let place = Self.place(pool, config)
            guard containment.ownPause(of: pool) == nil else {
                throw GovernanceError(.nothingToDo, "\(place) is already paused")
            }
            let expiry = actor == .guardian ? now.advanced(by: policyOf.guardianPauseMilliseconds) : nil
            let reason =
                "\(who) paused \(place)" + (expiry.map { " until \($0.milliseconds) unless the DAO confirms it" } ?? "")
            let pause = Containment.Pause(
                since: now,
                blocksExits: false,
                reason: reason,
                setBy: actor,
                expiresAt: expiry
            )
            return { engine in
                _ = engine.containment.pause(pool, pause)
                return [
                    Action(kind: .pause, scope: pool.map(Scope.pool) ?? .wholeProtocol, actor: actor, reason: reason)
                ]
            }
        case .unpause, .liftAutomatedPause:
            let pool = try optionalPool(action)
            let place = Self.place(pool, config)
            guard let pause = containment.ownPause(of: pool) else {
                throw GovernanceError(.nothingToDo, "\(place) is not paused")
            }
            if path == .supermajorityAfterReview {
                guard pause.setBy == .auto else {
                    throw GovernanceError(
                        .notAutomated,
                        "\(place) was paused by the \(pause.setBy.rawValue), not the automation"
                    )
                }
                let reviewed = now.milliseconds(since: pause.since)
                guard reviewed >= policyOf.reviewMilliseconds else {
                    throw GovernanceError(
                        .reviewPending,
                        "the pause of \(place) is \(reviewed) ms old; the review takes \(policyOf.reviewMilliseconds) ms"
                    )
                }
            }
            let reason =
                path == .supermajorityAfterReview
                ? "\(who) lifted the automated pause of \(place) after review, as a false positive"
                : "\(who) lifted the pause of \(place)"
            return { engine in
                _ = engine.containment.unpause(pool)
                return [
                    Action(kind: .unpause, scope: pool.map(Scope.pool) ?? .wholeProtocol, actor: actor, reason: reason)
                ]
            }
        case .confirmPause:
            let pool = try optionalPool(action)
            let place = Self.place(pool, config)
            guard containment.ownPause(of: pool)?.expiresAt != nil else {
                throw GovernanceError(.nothingToDo, "\(place) has no pause that expires")
            }
            return { engine in
                _ = engine.containment.confirmPause(pool)
                return [
                    Action(
                        kind: .confirmPause,
                        scope: pool.map(Scope.pool) ?? .wholeProtocol,
                        actor: actor,
                        reason: "\(who) confirmed the pause of \(place)"
                    )
                ]
            }
        case .lowerLimit, .raiseLimit:
            let pool = try requiredPool(action)
            let share = try fraction(action, "max_share")
            let current =
                outflowLimiters[Int(pool.index)].first?.settings.maxShare ?? config.policy.outflowLimit.maxShare
            try checkChange(
                of: "outflow share",
                to: share,
                from: current,
                tightens: action.kind == .lowerLimit,
                by: actor,
                operatorMinimum: (policyOf.operatorMinimumMaxShare, "the outflow share")
            )
            let reason = "\(who) set the outflow share of pool \(config.pool(pool).name) from \(current) to \(share)"
            return { engine in
                for slot in engine.outflowLimiters[Int(pool.index)].indices {
                    engine.outflowLimiters[Int(pool.index)][slot].setMaxShare(share)
                }
                return [Action(kind: .setLimit, scope: .pool(pool), actor: actor, reason: reason)]
            }
        case .tightenBand, .widenBand:
            let market = try requiredMarket(action)
            let width = try fraction(action, "width")
            let current = bands[Int(market.index)].settings.width
            try checkChange(
                of: "band width",
                to: width,
                from: current,
                tightens: action.kind == .tightenBand,
                by: actor,
                operatorMinimum: (policyOf.operatorMinimumBandWidth, "a band width")
            )
            let reason = "\(who) set the band width of market \(config.market(market).name) from \(current) to \(width)"
            return { engine in
                engine.bands[Int(market.index)].setWidth(width)
                return [
                    Action(
                        kind: .setBand,
                        scope: .market(market, in: engine.poolOfMarket[Int(market.index)]),
                        actor: actor,
                        reason: reason
                    )
                ]
            }
        case .freezeAccount:
            let frozen = try requiredAccount(action, account)
            guard !containment.isFrozen(frozen) else {
                throw GovernanceError(.nothingToDo, "the account is already frozen")
            }
            let until =
                actor == .guardian
                ? now.advanced(by: policyOf.guardianPauseMilliseconds) : Timestamp(milliseconds: .max)
            return { engine in
                _ = engine.containment.freeze(frozen, until: until)
                return [
                    Action(
                        kind: .freeze,
                        scope: Scope(account: frozen),
                        actor: actor,
                        reason: "\(who) froze the account"
                    )
                ]
            }
        case .unfreezeAccount:
            let frozen = try requiredAccount(action, account)
            guard containment.isFrozen(frozen) else { throw GovernanceError(.nothingToDo, "the account is not frozen") }
            return { engine in
                _ = engine.containment.unfreeze(frozen)
                return [
                    Action(
                        kind: .unfreeze,
                        scope: Scope(account: frozen),
                        actor: actor,
                        reason: "\(who) unfroze the account"
                    )
                ]
            }
        case .cancelProposal:
            guard let text = action.parameters["proposal"], let id = UInt64(text) else {
                throw GovernanceError(.badParameter, "cancel_proposal needs the parameter proposal, a proposal number")
            }
            guard id <= UInt64(governance.proposals.count) else {
                throw GovernanceError(
                    .unknownProposal,
                    "there is no proposal \(id) (\(governance.proposals.count) made)"
                )
            }
            _ = try governance.cancellable(id)
            return { engine in
                engine.governance.cancel(id, at: now.milliseconds)
                return [
                    Action(
                        kind: .cancel,
                        scope: .wholeProtocol,
                        actor: actor,
                        reason: "\(who) cancelled proposal \(id)"
                    )
                ]
            }
        case .revokeGuardian, .addGuardian:
            guard let text = action.parameters["key"], let key = PublicKeyText.key(text) else {
                throw GovernanceError(
                    .badParameter,
                    "\(action.kind.rawValue) needs the parameter key, as ed25519: and 64 hexadecimal digits"
                )
            }
            let revokes = action.kind == .revokeGuardian
            if revokes { try governance.checkRevoke(key) } else { try governance.checkAdd(key) }
            return { engine in
                if revokes { engine.governance.revoke(key) } else { engine.governance.add(key) }
                let verb = revokes ? "revoked" : "added"
                return [
                    Action(
                        kind: revokes ? .revokeKey : .addKey,
                        scope: .wholeProtocol,
                        actor: actor,
                        reason: "\(who) \(verb) guardian key \(Authorizer.hex(key))"
                    )
                ]
            }
        case .upgradeModule, .emergencyHotfix:
            return try upgradeEffect(action, by: actor, who: who, at: now)
        case .rollbackModule:
            return try rollbackEffect(action, by: actor, who: who)
        case .payClaim:
            return try payClaimEffect(action, by: actor, at: now)
        case .snapshotVotingPower:
            var voters: [GovernanceConfig.Voter] = []
            for (text, power) in action.parameters.sorted(by: { $0.key < $1.key }) {
                guard let key = PublicKeyText.key(text), let value = try? Wad(parsing: power), value.isPositive else {
                    throw GovernanceError(
                        .badParameter,
                        "snapshot_voting_power maps keys (ed25519:HEX) to positive powers; \(text)=\(power) is not one"
                    )
                }
                guard !voters.contains(where: { $0.key == key }) else {
                    throw GovernanceError(.badParameter, "snapshot_voting_power lists key \(Authorizer.hex(key)) twice")
                }
                voters.append(GovernanceConfig.Voter(key: key, power: value))
            }
            guard !voters.isEmpty else { throw GovernanceError(.badParameter, "snapshot_voting_power names no voter") }
            let total: Wad
            do {
                total = try voters.totalPower()
            } catch {
                throw GovernanceError(.badParameter, "the snapshot's total voting power overflows: \(error.message)")
            }
            return { engine in
                engine.governance.setVoters(voters)
                return [
                    Action(
                        kind: .votingPower,
                        scope: .wholeProtocol,
                        actor: actor,
                        reason: "\(who) set the voting power snapshot: \(voters.count) voters, \(total) in all"
                    )
                ]
            }
        }
    }

    /// Refuses a scope that names what the action does not act on: a pause of a market would otherwise pause
    /// the whole protocol.
    private func checkScope(of action: GovernedAction) throws(GovernanceError) {
        let scope = action.scope
        let named = [
            ("pool", scope.pool), ("market", scope.market), ("account", scope.account), ("module", scope.module),
        ]
        .compactMap { field, value in value.map { _ in field } }
        let allowed: Set<String>
        switch action.kind {
        case .pause, .unpause, .confirmPause, .liftAutomatedPause, .lowerLimit, .raiseLimit: allowed = ["pool"]
        case .tightenBand, .widenBand: allowed = ["market"]
        case .freezeAccount, .unfreezeAccount: allowed = ["account"]
        case .upgradeModule, .rollbackModule, .emergencyHotfix: allowed = ["module"]
        case .cancelProposal, .revokeGuardian, .addGuardian, .payClaim, .snapshotVotingPower: allowed = []
        }
        if let extra = named.first(where: { !allowed.contains($0) }) {
            throw GovernanceError(.badScope, "\(action.kind.rawValue) does not act on a \(extra)")
        }
    }

    private func optionalPool(_ action: GovernedAction) throws(GovernanceError) -> PoolID? {
        guard let name = action.scope.pool else { return nil }
        guard let pool = config.poolID(named: name) else {
            throw GovernanceError(.badScope, "there is no pool \(name)")
        }
        return pool
    }

    private func requiredPool(_ action: GovernedAction) throws(GovernanceError) -> PoolID {
        guard let pool = try optionalPool(action) else {
            throw GovernanceError(.badScope, "\(action.kind.rawValue) names no pool")
        }
        return pool
    }

    private func requiredMarket(_ action: GovernedAction) throws(GovernanceError) -> MarketID {
        guard let name = action.scope.market else {
            throw GovernanceError(.badScope, "\(action.kind.rawValue) names no market")
        }
        guard let market = config.marketID(named: name) else {
            throw GovernanceError(.badScope, "there is no market \(name)")
        }
        return market
    }

    private func requiredAccount(_ action: GovernedAction, _ account: AccountID?) throws(GovernanceError) -> AccountID {
        guard action.scope.account != nil, let account else {
            throw GovernanceError(.badScope, "\(action.kind.rawValue) names no account")
        }
        return account
    }

    /// A parameter that is a share: above 0, at most 1.
    private func fraction(_ action: GovernedAction, _ name: String) throws(GovernanceError) -> Wad {
        guard let text = action.parameters[name], let value = try? Wad(parsing: text), value > .zero, value <= .one
        else {
            throw GovernanceError(
                .badParameter,
                "\(action.kind.rawValue) needs the parameter \(name), a decimal above 0 and at most 1"
            )
        }
        return value
    }

    /// A tightening must tighten and a loosening loosen: the direction decides the path, so it is checked.
    /// A threshold changed from `current` to `new`: the change goes the way its path allows, and an operator stays
    /// at or above the bound the config sets (`operatorMinimum.name` names the threshold in the refusal).
    private func checkChange(
        of what: String,
        to new: Wad,
        from current: Wad,
        tightens: Bool,
        by actor: Action.Actor,
        operatorMinimum: (value: Wad, name: String)
    ) throws(GovernanceError) {
        try checkDirection(tightens, new: new, current: current, what)
        if actor == .operator, new < operatorMinimum.value {
            throw GovernanceError(
                .outOfBounds,
                "an operator may not set \(operatorMinimum.name) below \(operatorMinimum.value)"
            )
        }
    }

    private func checkDirection(_ tightens: Bool, new: Wad, current: Wad, _ what: String) throws(GovernanceError) {
        guard tightens ? new < current : new > current else {
            throw GovernanceError(
                .wrongDirection,
                "the \(what) is \(current); \(new) does not \(tightens ? "lower" : "raise") it"
            )
        }
    }

    private static func place(_ pool: PoolID?, _ config: ProtocolConfig) -> String {
        pool.map { "pool \(config.pool($0).name)" } ?? "the protocol"
    }
}
