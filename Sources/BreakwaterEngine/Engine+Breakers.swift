import BreakwaterCore
import BreakwaterDetection
import BreakwaterResponse

extension Engine {
    /// The breakers in front of the ledger: market halts, reduce-only, and the outflow limit.
    ///
    /// - Returns: the rejection if a breaker refuses the event, else `nil`.
    mutating func gate(_ event: Event, into decision: inout Decision) -> Rejection? {
        switch event.payload {
        case .trade(let trade):
            let band = Int(trade.market.index)
            var name: String { config.market(trade.market).name }
            if bands[band].isHalted { return Rejection(.marketHalted, "market \(name) is halted by its price band") }
            if bands[band].isReduceOnly && ledger.increasesExposure(trade) {
                return Rejection(.reduceOnly, "market \(name) is in its limit state: only trades that reduce exposure")
            }
            let underlying = underlyingOfMarket[band]
            if oracleGuard.validity(of: underlying) != .valid && ledger.increasesExposure(trade) {
                return invalidPrice(of: underlying, for: "a trade that grows exposure on \(name)")
            }
            return nil
        case .optionWrite(let write):
            return requireValidPrice(of: config.optionMarket(write.series.market).underlying, for: "writing options")
        case .optionBuy(let purchase):
            return requireValidPrice(of: config.optionMarket(purchase.series.market).underlying, for: "buying options")
        case .optionExpire(let series):
            return requireValidPrice(of: config.optionMarket(series.market).underlying, for: "fixing a settlement price")
        case .lpAdd(let movement):
            return requireValidPrice(of: movement.asset, for: "adding liquidity")
        case .withdraw(let movement):
            return limitOutflow(movement.amount, of: movement.asset, from: movement.pool, .withdraw, event, &decision)
        case .lpRemove(let movement):
            return limitOutflow(movement.amount, of: movement.asset, from: movement.pool, .lpRemove, event, &decision)
        case .transfer(let transfer):
            // A transfer to the same pool moves nothing out; the ledger refuses it.
            guard transfer.fromPool != transfer.toPool else { return nil }
            return limitOutflow(transfer.amount, of: transfer.asset, from: transfer.fromPool, .transfer, event, &decision)
        default:
            return nil
        }
    }

    /// Opening risk needs a ``PriceValidity/valid`` price.
    private func requireValidPrice(of asset: AssetID, for operation: @autoclosure () -> String) -> Rejection? {
        oracleGuard.validity(of: asset) == .valid ? nil : invalidPrice(of: asset, for: operation())
    }

    private func invalidPrice(of asset: AssetID, for operation: String) -> Rejection {
        let validity = oracleGuard.validity(of: asset)
        return Rejection(.priceNotValid, "\(operation) needs a valid \(config.asset(asset).name) price; it is \(validity)")
    }

    private mutating func limitOutflow(
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
                    decision.actions.append(Action(kind: .resume, scope: scope, reason: "the outflow limit has been quiet for a refill time"))
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
