import BreakwaterCore
import BreakwaterResponse

extension Engine {
    mutating func limitOutflow(
        _ amount: Wad,
        of asset: AssetID,
        from pool: PoolID,
        _ function: Scope.Function,
        _ event: Event,
        _ decision: inout Decision
    ) -> Rejection? {
        let index = Int(pool.index)
        guard let slot = ledger.pools[index].slot(of: asset) else { return nil }
        let vault = ledger.pools[index].collateral[slot].vault
        // What the vault cannot pay is for the ledger to refuse, not an outflow to limit.
        guard amount <= vault else { return nil }
        let now = event.timestamp
        do throws(MoneyError) {
            guard let available = try outflowLimiters[index][slot].available(liquidity: vault, at: now)
            else { return nil }
            let scope = Scope(pool: pool, function: function)
            guard amount > available else {
                if outflowLimiters[index][slot].clearIfRefilled(at: now) {
                    decision.actions.append(
                        Action(
                            kind: .resume,
                            scope: scope,
                            reason: "the outflow limit has been quiet for a refill time"
                        )
                    )
                }
                return nil
            }
            let message =
                "\(amount) \(config.asset(asset).name) exceeds the outflow limit of pool \(config.pool(pool).name): "
                + "\(available) available"
            decision.signals.append(Signal(kind: .outflowLimit, scope: scope, severity: .critical, evidence: message))
            if outflowLimiters[index][slot].markLimiting(at: now) {
                decision.actions.append(Action(kind: .rateLimit, scope: scope, reason: message))
            }
            return Rejection(.outflowLimit, message)
        } catch {
            return Rejection(error)
        }
    }

    /// Feeds accepted flows to the outflow limiters: outflows use the allowance, inflows fill the buffer.
    mutating func recordFlows(of event: Event, into decision: inout Decision) {
        do throws(MoneyError) {
            switch event.payload {
            case .deposit(let m), .lpAdd(let m):
                try recordInflow(m.amount, of: m.asset, into: m.pool, at: event.timestamp)
            case .withdraw(let m), .lpRemove(let m):
                try recordOutflow(m.amount, of: m.asset, from: m.pool)
            case .transfer(let t):
                try recordOutflow(t.amount, of: t.asset, from: t.fromPool)
                try recordInflow(t.amount, of: t.asset, into: t.toPool, at: event.timestamp)
            default:
                break
            }
        } catch {
            // A flow too large to count still happened; the limiter saturates rather than losing the event.
            decision.signals.append(
                Signal(kind: .outflowLimit, scope: .wholeProtocol, severity: .warning, evidence: "\(error)")
            )
        }
    }

    private mutating func recordOutflow(_ amount: Wad, of asset: AssetID, from pool: PoolID) throws(MoneyError) {
        guard let slot = ledger.pools[Int(pool.index)].slot(of: asset) else { return }
        try outflowLimiters[Int(pool.index)][slot].recordOutflow(amount)
    }

    private mutating func recordInflow(
        _ amount: Wad,
        of asset: AssetID,
        into pool: PoolID,
        at now: Timestamp
    ) throws(MoneyError) {
        guard let slot = ledger.pools[Int(pool.index)].slot(of: asset) else { return }
        try outflowLimiters[Int(pool.index)][slot].recordInflow(amount, at: now)
    }
}
