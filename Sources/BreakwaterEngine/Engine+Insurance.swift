import BreakwaterCore
import BreakwaterGovernance

/// Insurance: a pool's LPs are compensated from its fund for an incident's loss when the incident is resolved,
/// automatically up to the configured bound, through the DAO above it.
extension Engine {
    /// Notes each opened incident's baseline, and settles the claim of each resolved one.
    mutating func settleClaims(for decision: inout Decision) {
        for step in decision.incidentSteps {
            guard let pool = step.scope.pool else { continue }
            switch step.kind {
            case .opened:
                lossBaselines[step.incident] = ledger.liquidityPerShare(in: pool)
            case .resolved:
                if let action = settleClaim(of: step.incident, in: pool, at: decision.timestamp) {
                    decision.actions.append(action)
                }
            case .reclassified, .contained, .remediated, .acknowledged, .noted, .actionFailed:
                break
            }
        }
    }

    private mutating func settleClaim(of incident: String, in pool: PoolID, at now: Timestamp) -> Action? {
        guard let baseline = lossBaselines.removeValue(forKey: incident) else { return nil }
        let loss = ledger.liquidityShortfall(in: pool, against: baseline)
        guard loss.isPositive else { return nil }
        let fund = ledger.insuranceFund(of: pool)
        let amount = Wad.max(.zero, Wad.min(loss, fund))
        var claim = InsuranceClaim(
            incident: incident,
            pool: pool,
            loss: loss,
            fund: fund,
            amount: amount,
            status: .pending
        )
        let place = "pool \(config.pool(pool).name)"
        let bound = governance.config.automaticPayoutBound
        guard amount <= bound, (try? ledger.payInsurance(amount, in: pool)) != nil else {
            claims.append(claim)
            return Action(
                kind: .claim,
                scope: .pool(pool),
                reason:
                    "the LPs of \(place) claim \(amount) for \(incident) (loss \(loss), fund \(fund)): above the automatic bound \(bound), it waits for the DAO's pay_claim"
            )
        }
        claim.status = .paid(at: now.milliseconds, by: .auto)
        claims.append(claim)
        return Action(
            kind: .payout,
            scope: .pool(pool),
            reason:
                "the insurance fund of \(place) paid \(amount) to its LPs for \(incident) (loss \(loss), fund \(fund))"
        )
    }

    /// The effect of a DAO `pay_claim`: the pending claim of the incident in the `incident` parameter is paid,
    /// capped by the fund now.
    func payClaimEffect(
        _ action: GovernedAction,
        by actor: Action.Actor,
        at now: Timestamp
    ) throws(GovernanceError) -> (inout Engine) -> [Action] {
        guard let incident = action.parameters["incident"] else {
            throw GovernanceError(
                .badParameter,
                "pay_claim needs the parameter incident, an incident id such as INC-0001"
            )
        }
        guard let index = claims.firstIndex(where: { $0.incident == incident }) else {
            throw GovernanceError(.badParameter, "there is no insurance claim for \(incident)")
        }
        guard !claims[index].isPaid else { throw GovernanceError(.nothingToDo, "the claim for \(incident) was paid") }
        let pool = claims[index].pool
        let amount = Wad.min(claims[index].amount, Wad.max(.zero, ledger.insuranceFund(of: pool)))
        guard amount.isPositive else {
            throw GovernanceError(
                .nothingToDo,
                "the insurance fund of pool \(config.pool(pool).name) is empty: the claim for \(incident) waits"
            )
        }
        return { engine in
            guard (try? engine.ledger.payInsurance(amount, in: pool)) != nil else { return [] }
            engine.claims[index].amount = amount
            engine.claims[index].status = .paid(at: now.milliseconds, by: actor)
            let reason =
                "the insurance fund of pool \(engine.config.pool(pool).name) paid \(amount) to its LPs for \(incident)"
            return [Action(kind: .payout, scope: .pool(pool), actor: actor, reason: reason)]
        }
    }
}
