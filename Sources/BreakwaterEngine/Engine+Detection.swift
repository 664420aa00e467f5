import BreakwaterCore
import BreakwaterDetection

// The helpers are `mutating` though they only read, for the reason given with the gate: no copy of the engine.
extension Engine {
    /// Feeds an accepted event to the detectors, with its values in the pool's quote asset.
    mutating func detect(_ event: Event, effects: LedgerEffects, into decision: inout Decision) {
        var signals: [Signal] = []
        forgetPoolValues(changedBy: event.payload)
        var origin = FlowOrigin(time: event.timestamp)
        if event.hasProvenance, let provenance = event.provenance {
            origin.block = provenance.block
            origin.transaction = provenance.transaction
        }
        switch event.payload {
        case .trade(let trade):
            let pool = poolOfMarket[Int(trade.market.index)]
            detectors.trade(
                notional: trade.size.quickDouble * statistics.marks[Int(trade.market.index)],
                market: trade.market,
                pool: pool,
                poolValue: poolValue(pool),
                account: trade.account,
                origin: origin,
                into: &signals
            )
        case .deposit(let m), .lpAdd(let m):
            detectors.inflow(
                value(m.amount, of: m.asset),
                what: event.kind == .deposit ? "a deposit" : "an LP addition",
                account: m.account,
                pool: m.pool,
                poolValue: poolValue(m.pool),
                origin: origin
            )
        case .withdraw(let m), .lpRemove(let m):
            detectors.outflow(
                value(m.amount, of: m.asset),
                borrowed: value(effects.newBorrow, of: m.asset),
                account: m.account,
                pool: m.pool,
                poolValue: poolValue(m.pool),
                origin: origin,
                into: &signals
            )
        case .transfer(let t):
            let amount = value(t.amount, of: t.asset)
            detectors.outflow(
                amount,
                borrowed: value(effects.newBorrow, of: t.asset),
                account: t.account,
                pool: t.fromPool,
                poolValue: poolValue(t.fromPool),
                origin: origin,
                into: &signals
            )
            detectors.inflow(
                amount,
                what: "a transfer in",
                account: t.account,
                pool: t.toPool,
                poolValue: poolValue(t.toPool),
                origin: origin
            )
        case .liquidate(let liquidation):
            detectors.liquidation(
                effects,
                account: liquidation.account,
                pool: liquidation.pool,
                underStress: isStressed(liquidation.pool),
                at: event.timestamp,
                into: &signals
            )
        default:
            break
        }
        if !signals.isEmpty { decision.signals += signals }
    }

    /// Every event but a trade, an oracle update or a tick may move a pool's vault.
    private mutating func forgetPoolValues(changedBy payload: Event.Payload) {
        switch payload {
        case .trade, .oracle, .tick, .block, .reorg, .funding, .governance, .signedAction, .vote, .queue, .execute:
            return
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m):
            statistics.poolValues[Int(m.pool.index)] = nil
        case .transfer(let t):
            statistics.poolValues[Int(t.fromPool.index)] = nil
            statistics.poolValues[Int(t.toPool.index)] = nil
        case .liquidate(let l):
            statistics.poolValues[Int(l.pool.index)] = nil
        default:
            for index in statistics.poolValues.indices { statistics.poolValues[index] = nil }
        }
    }

    /// The critical signal for invariants that failed in a pool.
    func invariantSignal(_ violations: [InvariantViolation], pool: PoolID?) -> Signal {
        Signal(
            kind: .invariantViolation,
            scope: pool.map(Scope.pool) ?? .wholeProtocol,
            severity: .critical,
            evidence: violations.map(\.description).joined(separator: "; ")
        )
    }

    /// An amount of an asset in the quote asset at the current price (zero without one).
    private mutating func value(_ amount: Wad, of asset: AssetID) -> Double {
        amount.isZero ? 0 : amount.quickDouble * statistics.assets[Int(asset.index)]
    }

    /// What a pool's vault holds, in the quote asset at the current prices (assets without a price count zero);
    /// kept until a price or the vault changes.
    mutating func poolValue(_ pool: PoolID) -> Double {
        let index = Int(pool.index)
        if let known = statistics.poolValues[index] { return known }
        var total = 0.0
        for (slot, asset) in collateralAssets[index].enumerated() {
            total += ledger.pools[index].collateral[slot].vault.quickDouble * statistics.assets[Int(asset.index)]
        }
        statistics.poolValues[index] = total
        return total
    }
}

/// The prices the detectors use, as `Double`s converted once per price change, and pool values kept until they
/// change: the detectors look at them on most events.
struct DetectorPrices: Sendable, Codable {
    /// Per asset; zero without a price.
    var assets: [Double]
    /// Per market; zero without a mark.
    var marks: [Double]
    /// Per pool; `nil` when a price or the vault changed since it was computed.
    var poolValues: [Double?]

    init(assetCount: Int, marketCount: Int, poolCount: Int) {
        assets = Array(repeating: 0, count: assetCount)
        marks = Array(repeating: 0, count: marketCount)
        poolValues = Array(repeating: nil, count: poolCount)
    }
}
