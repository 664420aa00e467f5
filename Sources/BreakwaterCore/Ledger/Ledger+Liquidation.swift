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
    mutating func liquidate(_ liquidation: Liquidation, prices: PriceBook) throws -> LedgerEffects {
        // Computed apart from the commit, so no copy of the pool is alive when the commit writes to it.
        let (draft, effects, settledSeries) = try liquidated(liquidation, prices: prices)
        let index = Int(liquidation.pool.index)
        draft.commit(into: &pools[index])
        for (slot, book) in settledSeries { pools[index].store(book, at: slot) }
        return effects
    }

    private func liquidated(
        _ liquidation: Liquidation,
        prices: PriceBook
    ) throws -> (PoolDraft, LedgerEffects, settledSeries: [(Int, OptionSeriesBook)]) {
        let pool = pools[Int(liquidation.pool.index)]
        guard let account = pool.accounts[liquidation.account] else {
            throw Rejection(.nothingToLiquidate, "the account has nothing in pool \(config.pool(pool.id).name)")
        }
        let health = try health(account, in: pool, kind: .maintenance, prices: prices)
        guard health.isNegative else {
            throw Rejection(.accountHealthy, "maintenance health is \(health)")
        }
        var marketSlots = Array(pool.markets.indices)
        if let market = liquidation.market {
            guard let slot = pool.slot(of: market) else {
                throw Rejection(.unknownInPool, "market \(config.market(market).name) is not in this pool")
            }
            marketSlots = [slot]
        }
        var draft = PoolDraft(pool, account: liquidation.account)
        let quote = pool.quoteSlot
        var effects = LedgerEffects()
        var penalty = Wad.zero
        for slot in marketSlots where draft.account.positions[slot].isOpen {
            let marketID = pool.markets[slot]
            let mark = try mark(of: marketID, prices)
            var position = try settleFunding(&draft, slot: slot, index: pool.marketBooks[slot].fundingIndex)
            let size = position.size
            let realized = try fill(&position, size: size.negated(), mark: mark)
            try draft.payAccountFromLPs(quote, realized)
            try draft.setPosition(slot, to: position)
            let notional = try size.magnitude().multiplied(by: mark, rounding: .up)
            effects.liquidatedNotional = try effects.liquidatedNotional.adding(notional)
            penalty = try penalty.adding(
                notional.multiplied(by: config.market(marketID).liquidationPenalty, rounding: .up)
            )
        }
        var settledSeries: [(Int, OptionSeriesBook)] = []
        if liquidation.market == nil {
            for holding in draft.account.options where pool.optionSeries[holding.seriesSlot].settlement != nil {
                var book = pool.optionSeries[holding.seriesSlot]
                try settle(holding, of: &book, into: &draft)
                settledSeries.append((holding.seriesSlot, book))
            }
            penalty = try penalty.adding(convertCollateral(&draft, pool: pool, prices: prices))
        }
        let available = Wad.max(.zero, draft.account.balances[quote])
        try draft.payInsuranceFromAccount(quote, Wad.min(penalty, available))
        // Options still to settle may repay the debt: the pool does not absorb it while the account has them.
        if liquidation.market == nil && draft.account.options.isEmpty {
            try coverBadDebt(&draft, effects: &effects)
        }
        return (draft, effects, settledSeries)
    }

    /// The LPs take over the account's non-quote balances at the oracle price; returns the penalty owed on them.
    private func convertCollateral(_ draft: inout PoolDraft, pool: PoolState, prices: PriceBook) throws -> Wad {
        let quote = pool.quoteSlot
        let rate = config.pool(pool.id).liquidationPenalty
        var penalty = Wad.zero
        for slot in pool.assets.indices where slot != quote && !draft.account.balances[slot].isZero {
            let balance = draft.account.balances[slot]
            let price = try price(of: pool.assets[slot], prices)
            // A holding is bought at the price rounded down; a debt is repaid at the price rounded up.
            let value = try balance.multiplied(by: price, rounding: balance.isPositive ? .down : .up)
            try draft.setBalance(slot, to: .zero)
            draft.collateral[slot].lpLiquidity = try draft.collateral[slot].lpLiquidity.adding(balance)
            try draft.payAccountFromLPs(quote, value)
            penalty = try penalty.adding(value.magnitude().multiplied(by: rate, rounding: .up))
        }
        return penalty
    }

    /// Clears a negative quote balance: the insurance fund pays first, the LPs absorb the rest.
    private func coverBadDebt(_ draft: inout PoolDraft, effects: inout LedgerEffects) throws {
        let quote = draft.quoteSlot
        let balance = draft.account.balances[quote]
        guard balance.isNegative else { return }
        let debt = try balance.negated()
        let paid = Wad.min(debt, Wad.max(.zero, draft.collateral[quote].insurance))
        draft.collateral[quote].insurance = try draft.collateral[quote].insurance.subtracting(paid)
        try draft.setBalance(quote, to: balance.adding(paid))
        let socialized = try debt.subtracting(paid)
        try draft.payAccountFromLPs(quote, socialized)
        draft.collateral[quote].socializedLoss = try draft.collateral[quote].socializedLoss.adding(socialized)
        effects.badDebt = debt
        effects.insurancePaid = paid
        effects.socializedLoss = socialized
    }
}
