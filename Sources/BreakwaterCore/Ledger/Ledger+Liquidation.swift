extension Ledger {
    /// Liquidates an account below maintenance health.
    ///
    /// 1. Close its positions (all, or only `market`) at the mark, settling funding and PnL against the LPs.
    /// 2. For a full liquidation, its holdings of expired option series are settled, then the LPs take over its
    ///    other collateral and debts at the oracle price. Options of series not yet expired stay as they are: a
    ///    written one's collateral is locked for its holders, a held one counts nothing.
    /// 3. A penalty (market share of closed notional, pool share of converted collateral), capped at what the
    ///    account still has, goes to the insurance fund.
    /// 4. Debt left after a full liquidation is bad debt: the insurance fund pays first, the LPs absorb the rest
    ///    (socialized loss). While the account still has options of series not yet expired, the debt stays on
    ///    the account instead, to be repaid by what they pay at settlement; a liquidation after they settle
    ///    covers what is left.
    mutating func liquidate(
        _ liquidation: Liquidation,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws -> LedgerEffects {
        let pool = Int(liquidation.pool.index)
        let marketSlot = liquidation.market.map { market -> Result<Int, Rejection> in
            guard let slot = pools[pool].slot(of: market) else {
                return .failure(Rejection(.unknownInPool, "market \(config.market(market).name) is not in this pool"))
            }
            return .success(slot)
        }
        return try atomically { ledger in
            try ledger.pools[pool].liquidate(
                liquidation.account,
                marketSlot: marketSlot,
                prices: prices,
                checks: checks
            )
        }
    }
}

extension PoolState {
    /// ``Ledger/liquidate(_:prices:checks:)`` in this pool; `marketSlot` is the market to liquidate alone, if one was named,
    /// or why it cannot be.
    mutating func liquidate(
        _ account: AccountID,
        marketSlot: Result<Int, Rejection>?,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws -> LedgerEffects {
        guard let existing = accounts.row(of: account) else {
            throw Rejection(.nothingToLiquidate, "the account has nothing in pool \(layout.name)")
        }
        if checks.contains(.liquidationThreshold) {
            let health = try health(existing, kind: .maintenance, prices: prices)
            guard health.isNegative else {
                throw Rejection(.accountHealthy, "maintenance health is \(health)")
            }
        }
        let onlySlot = try marketSlot?.get()
        let row = touch(account)
        var effects = LedgerEffects()
        var penalty = Wad.zero
        for slot in marketBooks.indices where onlySlot == nil || onlySlot == slot {
            penalty = try penalty.adding(closePosition(row, slot, prices: prices, effects: &effects))
        }
        var settledSeries: [(Int, OptionSeriesBook)] = []
        if onlySlot == nil {
            for holding in accounts.rows[row].options where optionSeries[holding.seriesSlot].settlement != nil {
                var book = optionSeries[holding.seriesSlot]
                try settle(holding, of: &book, row)
                settledSeries.append((holding.seriesSlot, book))
            }
            penalty = try penalty.adding(convertCollateral(row, prices: prices))
        }
        let quote = quoteSlot
        try payInsuranceFromAccount(row, quote, Wad.min(penalty, Wad.max(.zero, balance(row, quote))))
        // Options still to settle may repay the debt: the pool does not absorb it while the account has them.
        if onlySlot == nil && accounts.rows[row].options.isEmpty {
            try coverBadDebt(row, effects: &effects)
        }
        // Series books are not undone: they are stored once nothing can fail.
        for (slot, book) in settledSeries { store(book, at: slot) }
        return effects
    }

    /// Closes a row's position in a market slot, if open, at the mark, settling funding and PnL against the LPs;
    /// returns the penalty owed on the closed notional.
    private mutating func closePosition(
        _ row: Int,
        _ slot: Int,
        prices: PriceBook,
        effects: inout LedgerEffects
    ) throws -> Wad {
        guard accounts.rows[row].positions[slot].isOpen else { return .zero }
        let mark = try mark(ofSlot: slot, prices)
        var position = try settleFunding(row, slot)
        let size = position.size
        let realized = try position.fill(size.negated(), at: mark)
        try payAccountFromLPs(row, quoteSlot, realized)
        try setPosition(row, slot, to: position)
        let notional = try size.magnitude().multiplied(by: mark, rounding: .up)
        effects.liquidatedNotional = try effects.liquidatedNotional.adding(notional)
        return try notional.multiplied(by: layout.marketTerms[slot].liquidationPenalty, rounding: .up)
    }

    /// The LPs take over a row's non-quote balances at the oracle price; returns the penalty owed on them.
    private mutating func convertCollateral(_ row: Int, prices: PriceBook) throws -> Wad {
        let quote = quoteSlot
        var penalty = Wad.zero
        for slot in collateral.indices where slot != quote && !balance(row, slot).isZero {
            let balance = balance(row, slot)
            // A holding is bought at the price rounded down; a debt is repaid at the price rounded up.
            let price = try price(ofSlot: slot, prices)
            let value = try balance.multiplied(by: price, rounding: balance.isPositive ? .down : .up)
            try setBalance(row, slot, to: .zero)
            collateral[slot].lpLiquidity = try collateral[slot].lpLiquidity.adding(balance)
            try payAccountFromLPs(row, quote, value)
            penalty = try penalty.adding(value.magnitude().multiplied(by: layout.liquidationPenalty, rounding: .up))
        }
        return penalty
    }

    /// Clears a row's negative quote balance: the insurance fund pays first, the LPs absorb the rest.
    mutating func coverBadDebt(_ row: Int, effects: inout LedgerEffects) throws {
        let quote = quoteSlot
        let balance = balance(row, quote)
        guard balance.isNegative else { return }
        let debt = try balance.negated()
        let paid = Wad.min(debt, Wad.max(.zero, collateral[quote].insurance))
        collateral[quote].insurance = try collateral[quote].insurance.subtracting(paid)
        try setBalance(row, quote, to: balance.adding(paid))
        let socialized = try debt.subtracting(paid)
        try payAccountFromLPs(row, quote, socialized)
        collateral[quote].socializedLoss = try collateral[quote].socializedLoss.adding(socialized)
        effects.badDebt = debt
        effects.insurancePaid = paid
        effects.socializedLoss = socialized
    }
}
