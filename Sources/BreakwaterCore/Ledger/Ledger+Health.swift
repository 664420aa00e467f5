/// Which margin requirement a health check uses.
public enum HealthKind: Sendable, Hashable {
    /// Gates new risk: withdrawals, borrows and trades that grow a position.
    case initial
    /// Decides liquidation.
    case maintenance
}

extension Ledger {
    /// An account's health in a pool: weighted collateral plus counted PnL minus margin requirements.
    ///
    /// Non-negative means healthy. Every term is rounded against the account. Unrealized profit counts only in
    /// markets with ``ProtocolConfig/Market/unrealizedProfitCounts``; losses always count. Options count once
    /// their series has expired, at what settling them will pay; before, a held option counts nothing and a written
    /// one has its collateral locked out of the balance.
    ///
    /// - Throws: a ``Rejection`` with code `no_price` when something the account holds has no valid price.
    public func health(of account: AccountID, in pool: PoolID, kind: HealthKind, prices: PriceBook) throws -> Wad {
        let state = self.pool(pool)
        return try health(state.account(account), in: state, kind: kind, prices: prices)
    }

    func health(_ account: AccountState, in pool: PoolState, kind: HealthKind, prices: PriceBook) throws -> Wad {
        let spec = config.pool(pool.id)
        var total = Wad.zero
        let balances = account.options.isEmpty ? account.balances : try balancesWithOptionClaims(account, in: pool)
        for (slot, balance) in balances.enumerated() where !balance.isZero {
            let collateral = spec.collateral[slot]
            let value = try balance.multiplied(by: price(of: collateral.asset, prices), rounding: .down)
            let weight: Wad =
                switch (kind, balance.isPositive) {
                case (.initial, true): collateral.initialAssetWeight
                case (.maintenance, true): collateral.maintenanceAssetWeight
                case (.initial, false): collateral.initialLiabilityWeight
                case (.maintenance, false): collateral.maintenanceLiabilityWeight
                }
            total = try total.adding(value.multiplied(by: weight, rounding: .down))
        }
        for (slot, position) in account.positions.enumerated() where position.isOpen {
            let marketID = pool.markets[slot]
            let market = config.market(marketID)
            let mark = try mark(of: marketID, prices)
            var pnl = try unrealizedPnL(position, mark: mark, fundingIndex: pool.marketBooks[slot].fundingIndex)
            if pnl.isPositive && !market.unrealizedProfitCounts { pnl = .zero }
            let margin = kind == .initial ? market.initialMargin : market.maintenanceMargin
            let notional = try position.size.magnitude().multiplied(by: mark, rounding: .up)
            let requirement = try notional.multiplied(by: margin, rounding: .up)
            total = try total.adding(pnl).subtracting(requirement)
        }
        return total
    }

    /// The account's balances with what its holdings of expired series will pay it added in.
    ///
    /// Until its series expires a holding adds nothing: a held option has no margin value, and a written one's collateral is
    /// already out of the balance.
    func balancesWithOptionClaims(_ account: AccountState, in pool: PoolState) throws -> [Wad] {
        var balances = account.balances
        // A series this very operation creates is not in the pool yet; it has not expired either.
        for holding in account.options where holding.seriesSlot < pool.optionSeries.count {
            let book = pool.optionSeries[holding.seriesSlot]
            guard let terms = book.settlement else { continue }
            var taken = try holding.held.multiplied(by: terms.holderShare, rounding: .down)
            if book.collateralSlot != pool.quoteSlot { taken = try taken.multiplied(by: terms.price, rounding: .down) }
            let returned = try holding.written.multiplied(by: terms.writerShare, rounding: .down)
            balances[pool.quoteSlot] = try balances[pool.quoteSlot].adding(taken)
            balances[book.collateralSlot] = try balances[book.collateralSlot].adding(returned)
        }
        return balances
    }

    /// `size × mark − openNotional − unsettled funding`, rounded against the account.
    func unrealizedPnL(_ position: Position, mark: Wad, fundingIndex: Wad) throws -> Wad {
        let value = try position.size.multiplied(by: mark, rounding: .down)
        let funding = try fundingOwed(position, index: fundingIndex)
        return try value.subtracting(position.openNotional).subtracting(funding)
    }

    /// Funding the position owes since it was last settled (negative: it is owed), rounded up.
    func fundingOwed(_ position: Position, index: Wad) throws -> Wad {
        try position.size.multiplied(by: index.subtracting(position.fundingIndex), rounding: .up)
    }

    /// Refuses with `insufficient_health` when initial health is negative; `action` is worded only then.
    func requireHealthy(
        _ account: AccountState,
        in pool: PoolState,
        prices: PriceBook,
        action: @autoclosure () -> String
    ) throws {
        let health = try health(account, in: pool, kind: .initial, prices: prices)
        guard !health.isNegative else {
            throw Rejection(.insufficientHealth, "\(action()) would leave initial health at \(health)")
        }
    }
}
