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
    /// one has its collateral locked out of the balance. An account that holds nothing in the pool has health zero.
    ///
    /// - Throws: a ``Rejection`` with code `no_price` when something the account holds has no valid price.
    public func health(of account: AccountID, in pool: PoolID, kind: HealthKind, prices: PriceBook) throws -> Wad {
        let state = pools[Int(pool.index)]
        guard let row = state.accounts.row(of: account) else { return .zero }
        return try state.health(row, kind: kind, prices: prices)
    }
}

extension PoolState {
    /// ``Ledger/health(of:in:kind:prices:)`` of a row.
    func health(_ row: Int, kind: HealthKind, prices: PriceBook) throws -> Wad {
        var total = Wad.zero
        if accounts.rows[row].options.isEmpty {
            for slot in collateral.indices {
                total = try total.adding(weightedValue(accounts.rows[row].balances[slot], slot, kind, prices))
            }
        } else {
            for (slot, balance) in try balancesWithOptionClaims(row).enumerated() {
                total = try total.adding(weightedValue(balance, slot, kind, prices))
            }
        }
        for slot in marketBooks.indices where accounts.rows[row].positions[slot].isOpen {
            total = try total.adding(health(of: accounts.rows[row].positions[slot], inSlot: slot, kind, prices))
        }
        return total
    }

    /// Refuses with `insufficient_health` when `checks` holds ``LedgerChecks/health`` and a row's initial health is
    /// negative; `action` is worded only then.
    func requireHealthy(
        _ row: Int,
        prices: PriceBook,
        checks: LedgerChecks,
        action: @autoclosure () -> String
    ) throws {
        guard checks.contains(.health) else { return }
        let health = try health(row, kind: .initial, prices: prices)
        guard !health.isNegative else {
            throw Rejection(.insufficientHealth, "\(action()) would leave initial health at \(health)")
        }
    }

    /// A balance valued at the price and weighted for `kind`, rounded down.
    private func weightedValue(_ balance: Wad, _ slot: Int, _ kind: HealthKind, _ prices: PriceBook) throws -> Wad {
        guard !balance.isZero else { return .zero }
        let value = try balance.multiplied(by: price(ofSlot: slot, prices), rounding: .down)
        let collateral = layout.collateral[slot]
        let weight: Wad =
            switch (kind, balance.isPositive) {
            case (.initial, true): collateral.initialAssetWeight
            case (.maintenance, true): collateral.maintenanceAssetWeight
            case (.initial, false): collateral.initialLiabilityWeight
            case (.maintenance, false): collateral.maintenanceLiabilityWeight
            }
        return try value.multiplied(by: weight, rounding: .down)
    }

    /// An open position's counted PnL minus its margin requirement for `kind`.
    private func health(of position: Position, inSlot slot: Int, _ kind: HealthKind, _ prices: PriceBook) throws -> Wad
    {
        let market = layout.marketTerms[slot]
        let mark = try mark(ofSlot: slot, prices)
        // One product serves the value (rounded against the account: down) and the notional (|size| × mark, up).
        let value = try position.size.multipliedBothWays(by: mark)
        let notional = position.size.isPositive ? value.up : try value.down.negated()
        var pnl = try value.down.subtracting(position.openNotional)
            .subtracting(position.fundingOwed(at: marketBooks[slot].fundingIndex))
        if pnl.isPositive && !market.unrealizedProfitCounts { pnl = .zero }
        let margin = kind == .initial ? market.initialMargin : market.maintenanceMargin
        return try pnl.subtracting(notional.multiplied(by: margin, rounding: .up))
    }

    /// A row's balances with what its holdings of expired series will pay it added in.
    ///
    /// Until its series expires a holding adds nothing: a held option has no margin value, and a written one's
    /// collateral is already out of the balance.
    func balancesWithOptionClaims(_ row: Int) throws -> [Wad] {
        var balances = accounts.rows[row].balances
        // A series this very operation creates is not in the pool yet; it has not expired either.
        for holding in accounts.rows[row].options where holding.seriesSlot < optionSeries.count {
            let book = optionSeries[holding.seriesSlot]
            guard let terms = book.settlement else { continue }
            var taken = try holding.held.multiplied(by: terms.holderShare, rounding: .down)
            if book.collateralSlot != quoteSlot { taken = try taken.multiplied(by: terms.price, rounding: .down) }
            let returned = try holding.written.multiplied(by: terms.writerShare, rounding: .down)
            balances[quoteSlot] = try balances[quoteSlot].adding(taken)
            balances[book.collateralSlot] = try balances[book.collateralSlot].adding(returned)
        }
        return balances
    }
}
