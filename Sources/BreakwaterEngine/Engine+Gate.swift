import BreakwaterCore
import BreakwaterResponse

// The helpers below are `mutating` though they only read: the engine is a large struct, and a call from a
// mutating method to a non-mutating one passes it by value, which copies all of it (2.8 KB) on every event.
extension Engine {
    /// Everything in front of the ledger, tightest first: pauses, frozen accounts, market halts and reduce-only
    /// (the price band's and the response table's), the liquidation grace period, the price each operation needs,
    /// and the outflow limit.
    ///
    /// - Returns: the rejection if something refuses the event, else `nil`.
    mutating func gate(_ event: Event, into decision: inout Decision) -> Rejection? {
        switch event.payload {
        case .trade(let trade):
            return gateTrade(trade)
        case .deposit(let movement):
            return refuseEntry(to: movement.pool, "deposits")
        case .lpAdd(let movement):
            return refuseEntry(to: movement.pool, "LP additions")
                ?? requireValidPrice(of: movement.asset, for: "adding liquidity")
        case .optionWrite(let write):
            let market = config.optionMarket(write.series.market)
            return refuseEntry(to: market.pool, "option writes")
                ?? requireValidPrice(of: market.underlying, for: "writing options")
        case .optionBuy(let purchase):
            let market = config.optionMarket(purchase.series.market)
            return refuseEntry(to: market.pool, "option purchases")
                ?? requireValidPrice(of: market.underlying, for: "buying options")
        case .optionExpire(let series):
            return requireValidPrice(
                of: config.optionMarket(series.market).underlying,
                for: "fixing a settlement price"
            )
        case .withdraw(let movement):
            return refuseExit(from: movement.pool, by: movement.account, "withdrawals")
                ?? limitOutflow(movement.amount, of: movement.asset, from: movement.pool, .withdraw, event, &decision)
        case .lpRemove(let movement):
            return refuseExit(from: movement.pool, by: movement.account, "LP removals")
                ?? limitOutflow(movement.amount, of: movement.asset, from: movement.pool, .lpRemove, event, &decision)
        case .transfer(let transfer):
            // A transfer to the same pool moves nothing out; the ledger refuses it.
            guard transfer.fromPool != transfer.toPool else { return nil }
            return refuseExit(from: transfer.fromPool, by: transfer.account, "transfers out")
                ?? refuseEntry(to: transfer.toPool, "transfers in")
                ?? limitOutflow(
                    transfer.amount,
                    of: transfer.asset,
                    from: transfer.fromPool,
                    .transfer,
                    event,
                    &decision
                )
        case .liquidate(let liquidation):
            return refuseDuringGrace(liquidation)
        default:
            return nil
        }
    }

    private mutating func gateTrade(_ trade: Trade) -> Rejection? {
        let index = Int(trade.market.index)
        var name: String { config.market(trade.market).name }
        if bands[index].isHalted { return Rejection(.marketHalted, "market \(name) is halted by its price band") }
        if containment.isHalted(trade.market) {
            return Rejection(.marketHalted, "market \(name) is halted by the policy")
        }
        let pool = poolOfMarket[index]
        let paused = containment.pause(of: pool)
        let underlying = underlyingOfMarket[index]
        let restricted = bands[index].isReduceOnly || containment.isReduceOnly(trade.market)
        // Most trades meet none of these, and only they need to know whether the trade grows exposure.
        guard paused != nil || restricted || prices.validity(of: underlying) != .valid,
            ledger.increasesExposure(trade)
        else { return nil }
        if let paused { return Rejection(.poolPaused, pausedMessage(pool, paused, "trades that grow exposure")) }
        if bands[index].isReduceOnly {
            return Rejection(.reduceOnly, "market \(name) is in its limit state: only trades that reduce exposure")
        }
        if containment.isReduceOnly(trade.market) {
            return Rejection(
                .reduceOnly,
                "market \(name) is reduce-only by the policy: only trades that reduce exposure"
            )
        }
        return invalidPrice(of: underlying, for: "a trade that grows exposure on \(name)")
    }

    /// Entries stop while a pool or the protocol is paused.
    private mutating func refuseEntry(to pool: PoolID, _ what: String) -> Rejection? {
        guard let pause = containment.pause(of: pool) else { return nil }
        return Rejection(.poolPaused, pausedMessage(pool, pause, what))
    }

    /// Exits stop for a frozen account, and for everyone while a pause that stops exits is in force.
    private mutating func refuseExit(from pool: PoolID, by account: AccountID, _ what: String) -> Rejection? {
        if containment.isFrozen(account) {
            return Rejection(
                .accountFrozen,
                "the account is frozen: \(what) are refused until it thaws or governance unfreezes it"
            )
        }
        guard let pause = containment.pause(of: pool), pause.blocksExits else { return nil }
        return Rejection(.poolPaused, pausedMessage(pool, pause, what))
    }

    private mutating func pausedMessage(_ pool: PoolID, _ pause: Containment.Pause, _ what: String) -> String {
        let place = containment.protocolPause != nil ? "the protocol" : "pool \(config.pool(pool).name)"
        return "\(place) is paused (\(pause.reason)): \(what) are refused until governance unpauses it"
    }

    /// After a halt, positions in the market are not liquidated until its grace period ends.
    private mutating func refuseDuringGrace(_ liquidation: Liquidation) -> Rejection? {
        let markets = liquidation.market.map { [$0] } ?? marketsOfPool[Int(liquidation.pool.index)]
        for market in markets where containment.isInGrace(market) {
            guard liquidation.market != nil || !ledger.positionSize(of: liquidation.account, in: market).isZero else {
                continue
            }
            return Rejection(
                .liquidationGrace,
                "market \(config.market(market).name) has just resumed: its positions are not liquidated during the grace period"
            )
        }
        return nil
    }

    /// Opening risk needs a ``PriceValidity/valid`` price.
    private mutating func requireValidPrice(of asset: AssetID, for operation: @autoclosure () -> String) -> Rejection? {
        prices.validity(of: asset) == .valid ? nil : invalidPrice(of: asset, for: operation())
    }

    private mutating func invalidPrice(of asset: AssetID, for operation: String) -> Rejection {
        let validity = prices.validity(of: asset)
        return Rejection(
            .priceNotValid,
            "\(operation) needs a valid \(config.asset(asset).name) price; it is \(validity)"
        )
    }
}
