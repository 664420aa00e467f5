import BreakwaterCore

extension Engine {
    /// Observer mode: `event` was mined, so the protocol already did it and the engine cannot refuse it.
    ///
    /// The engine applies it to its mirror of the protocol, so its state stays the chain's. Where its gate (a pause,
    /// a frozen account, a halted market, the outflow limit, the price a risk needs) or the ledger's safety rules
    /// (``LedgerChecks``) would have refused it, it raises a critical `unsafe_effect`: what the protocol's own checks
    /// let through. A fact the mirror cannot apply at all (the pool does not hold the amount) is refused as it would
    /// be, with a critical `model_divergence`: the mirror no longer matches the chain.
    mutating func observe(_ event: Event, into decision: inout Decision) {
        var refusals: [Rejection] = []
        if let rejection = gate(event, into: &decision) { refusals.append(rejection) }
        var outcome = ledger.apply(event.payload, at: event.timestamp, prices: prices, checks: checks(for: event))
        if case .rejected(let rejection) = outcome, LedgerChecks.rejectionCodes.contains(rejection.code) {
            refusals.append(rejection)
            outcome = ledger.apply(event.payload, at: event.timestamp, prices: prices, checks: [])
        }
        let scope = poolOfEvent(event.payload).map(Scope.pool) ?? .wholeProtocol
        let accounts = event.payload.account.map { [$0] } ?? []
        switch outcome {
        case .rejected(let rejection):
            decision.outcome = .rejected(rejection)
            decision.signals.append(
                Signal(
                    kind: .modelDivergence,
                    scope: scope,
                    severity: .critical,
                    evidence: "a mined \(event.payload.kind) the mirror cannot apply: \(rejection)",
                    accounts: accounts
                )
            )
        case .applied(let effects):
            if !refusals.isEmpty {
                decision.signals.append(
                    Signal(
                        kind: .unsafeEffect,
                        scope: scope,
                        severity: .critical,
                        evidence: refusals.map { "would refuse \($0.code): \($0.message)" }.joined(separator: "; "),
                        accounts: accounts
                    )
                )
            }
            accept(event, effects: effects, into: &decision)
        }
    }

    /// The pool an event acts in (for a transfer, the one it leaves), or `nil` for one that acts in none.
    private func poolOfEvent(_ payload: Event.Payload) -> PoolID? {
        switch payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): m.pool
        case .transfer(let t): t.fromPool
        case .trade(let t): poolOfMarket[Int(t.market.index)]
        case .funding(let market): poolOfMarket[Int(market.index)]
        case .liquidate(let l): l.pool
        case .optionWrite(let w): config.optionMarket(w.series.market).pool
        case .optionBuy(let b): config.optionMarket(b.series.market).pool
        case .optionSettle(let s): config.optionMarket(s.series.market).pool
        case .optionExpire(let series): config.optionMarket(series.market).pool
        case .oracle, .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note: nil
        }
    }
}
