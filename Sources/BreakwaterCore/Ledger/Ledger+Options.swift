extension Ledger {
    /// Writes options: the writer locks their worst payoff from its balance, without borrowing, and holds them.
    mutating func writeOptions(_ write: OptionWrite, at time: Timestamp, prices: PriceBook) throws -> LedgerEffects {
        // Computed apart from the commit, so no copy of the pool is alive when the commit writes to it.
        let (draft, book, slot) = try written(write, at: time, prices: prices)
        let index = Int(config.optionMarket(write.series.market).pool.index)
        draft.commit(into: &pools[index])
        pools[index].store(book, at: slot)
        return LedgerEffects()
    }

    /// Moves options from the seller to the buyer, and the premium from the buyer to the seller.
    mutating func buyOptions(_ purchase: OptionPurchase, at time: Timestamp, prices: PriceBook) throws -> LedgerEffects {
        let (seller, buyer) = try bought(purchase, at: time, prices: prices)
        let index = Int(config.optionMarket(purchase.series.market).pool.index)
        seller.commit(into: &pools[index])
        buyer.commit(into: &pools[index])
        return LedgerEffects()
    }

    /// Fixes a series' settlement terms at the guarded price of its underlying, at or after its expiry.
    mutating func expireOptions(_ series: OptionSeries, at time: Timestamp, prices: PriceBook) throws -> LedgerEffects {
        let option = config.optionMarket(series.market)
        let index = Int(option.pool.index)
        let slot = try seriesSlot(of: series)
        var book = pools[index].optionSeries[slot]
        if let terms = book.settlement {
            throw Rejection(.seriesExpired, "\(describe(series)) already expired at \(terms.price)")
        }
        guard time >= series.expiry else {
            throw Rejection(.seriesNotExpired, "\(describe(series)) expires at \(series.expiry), it is \(time)")
        }
        book.settlement = try book.terms(at: price(of: option.underlying, prices))
        pools[index].store(book, at: slot)
        return LedgerEffects()
    }

    /// Settles an account's part of an expired series.
    mutating func settleOptions(_ settlement: OptionSettlement) throws -> LedgerEffects {
        let (draft, book, slot) = try settled(settlement)
        let index = Int(config.optionMarket(settlement.series.market).pool.index)
        draft.commit(into: &pools[index])
        pools[index].store(book, at: slot)
        return LedgerEffects()
    }

    private func written(
        _ write: OptionWrite,
        at time: Timestamp,
        prices: PriceBook
    ) throws -> (PoolDraft, OptionSeriesBook, Int) {
        let series = write.series
        let option = config.optionMarket(series.market)
        let index = Int(option.pool.index)
        guard write.size.isPositive else { throw Rejection(.invalidAmount, "size must be positive, got \(write.size)") }
        guard series.strike.isPositive else {
            throw Rejection(.invalidAmount, "strike must be positive, got \(series.strike)")
        }
        let slot = pools[index].slot(of: series) ?? pools[index].optionSeries.count
        var book =
            slot < pools[index].optionSeries.count
            ? pools[index].optionSeries[slot]
            : OptionSeriesBook(series: series, collateralSlot: try collateralSlot(of: series))
        guard book.settlement == nil, time < series.expiry else {
            throw Rejection(.seriesExpired, "\(describe(series)) expires at \(series.expiry): no more writes")
        }
        var draft = PoolDraft(pools[index], account: write.account)
        let lock = try book.collateral(forWriting: write.size)
        let collateral = book.collateralSlot
        let balance = draft.account.balances[collateral]
        var assetName: String { config.asset(pools[index].assets[collateral]).name }
        guard lock <= balance else {
            throw Rejection(
                .insufficientBalance,
                "writing \(write.size) \(describe(series)) locks \(lock) \(assetName), the balance is \(balance)"
            )
        }
        try draft.setBalance(collateral, to: balance.subtracting(lock))
        draft.collateral[collateral].optionEscrow = try draft.collateral[collateral].optionEscrow.adding(lock)
        book.escrow = try book.escrow.adding(lock)
        book.written = try book.written.adding(write.size)
        book.held = try book.held.adding(write.size)
        var holding = draft.account.holding(ofSeries: slot)
        holding.written = try holding.written.adding(write.size)
        holding.held = try holding.held.adding(write.size)
        draft.setHolding(holding)
        try requireHealthy(draft.account, in: pools[index], prices: prices, action: "locking \(lock) \(assetName)")
        return (draft, book, slot)
    }

    private func bought(
        _ purchase: OptionPurchase,
        at time: Timestamp,
        prices: PriceBook
    ) throws -> (seller: PoolDraft, buyer: PoolDraft) {
        let series = purchase.series
        let index = Int(config.optionMarket(series.market).pool.index)
        guard purchase.size.isPositive else {
            throw Rejection(.invalidAmount, "size must be positive, got \(purchase.size)")
        }
        guard !purchase.premium.isNegative else {
            throw Rejection(.invalidAmount, "premium must not be negative, got \(purchase.premium)")
        }
        guard purchase.account != purchase.seller else {
            throw Rejection(.invalidAmount, "an account cannot buy options from itself")
        }
        let slot = try seriesSlot(of: series)
        guard pools[index].optionSeries[slot].settlement == nil, time < series.expiry else {
            throw Rejection(.seriesExpired, "\(describe(series)) expires at \(series.expiry): no more trading")
        }
        let quote = pools[index].quoteSlot
        var seller = PoolDraft(pools[index], account: purchase.seller)
        var sold = seller.account.holding(ofSeries: slot)
        guard purchase.size <= sold.held else {
            throw Rejection(
                .insufficientOptions,
                "the seller holds \(sold.held) \(describe(series)), \(purchase.size) requested"
            )
        }
        sold.held = try sold.held.subtracting(purchase.size)
        seller.setHolding(sold)
        try seller.setBalance(quote, to: seller.account.balances[quote].adding(purchase.premium))

        var buyer = PoolDraft(continuing: seller, account: purchase.account, in: pools[index])
        let balance = buyer.account.balances[quote]
        let newBalance = try balance.subtracting(purchase.premium)
        if newBalance.isNegative && !config.pool(pools[index].id).collateral[quote].isBorrowable {
            throw Rejection(
                .insufficientBalance,
                "the premium \(purchase.premium) exceeds the balance \(balance) and the quote asset cannot be borrowed"
            )
        }
        try buyer.setBalance(quote, to: newBalance)
        var bought = buyer.account.holding(ofSeries: slot)
        bought.held = try bought.held.adding(purchase.size)
        buyer.setHolding(bought)
        try requireHealthy(buyer.account, in: pools[index], prices: prices, action: "paying the premium \(purchase.premium)")
        return (seller, buyer)
    }

    private func settled(_ settlement: OptionSettlement) throws -> (PoolDraft, OptionSeriesBook, Int) {
        let series = settlement.series
        let index = Int(config.optionMarket(series.market).pool.index)
        let slot = try seriesSlot(of: series)
        var book = pools[index].optionSeries[slot]
        guard book.settlement != nil else {
            throw Rejection(.seriesNotExpired, "\(describe(series)) has no settlement price yet: option_expire fixes it")
        }
        var draft = PoolDraft(pools[index], account: settlement.account)
        let holding = draft.account.holding(ofSeries: slot)
        guard !holding.isEmpty else {
            throw Rejection(.nothingToSettle, "the account holds and wrote no \(describe(series))")
        }
        try settle(holding, of: &book, into: &draft)
        return (draft, book, slot)
    }

    /// Settles one account's holding of an expired series into its balances.
    ///
    /// The holder takes `held × holder share` of the escrow (rounded down): a put's is quote, paid as it is; a
    /// call's is the underlying, which the LPs buy at the settlement price (rounded down) so the holder is paid in
    /// quote. The writer gets back `written × writer share` (rounded down). When no claim is left on the series,
    /// the rounding dust left in its escrow goes to the insurance fund.
    func settle(_ holding: OptionHolding, of book: inout OptionSeriesBook, into draft: inout PoolDraft) throws {
        guard let terms = book.settlement else { return }
        let collateral = book.collateralSlot
        let taken = try holding.held.multiplied(by: terms.holderShare, rounding: .down)
        let returned = try holding.written.multiplied(by: terms.writerShare, rounding: .down)
        let released = try taken.adding(returned)
        book.escrow = try book.escrow.subtracting(released)
        draft.collateral[collateral].optionEscrow = try draft.collateral[collateral].optionEscrow.subtracting(released)
        if collateral == draft.quoteSlot {
            try draft.setBalance(collateral, to: draft.account.balances[collateral].adding(taken))
        } else {
            draft.collateral[collateral].lpLiquidity = try draft.collateral[collateral].lpLiquidity.adding(taken)
            try draft.payAccountFromLPs(draft.quoteSlot, taken.multiplied(by: terms.price, rounding: .down))
        }
        try draft.setBalance(collateral, to: draft.account.balances[collateral].adding(returned))
        book.held = try book.held.subtracting(holding.held)
        book.written = try book.written.subtracting(holding.written)
        draft.setHolding(OptionHolding(seriesSlot: holding.seriesSlot))
        if book.held.isZero && book.written.isZero && !book.escrow.isZero {
            draft.collateral[collateral].optionEscrow = try draft.collateral[collateral].optionEscrow.subtracting(book.escrow)
            draft.collateral[collateral].insurance = try draft.collateral[collateral].insurance.adding(book.escrow)
            book.escrow = .zero
        }
    }

    private func seriesSlot(of series: OptionSeries) throws -> Int {
        let pool = config.optionMarket(series.market).pool
        guard let slot = pools[Int(pool.index)].slot(of: series) else {
            throw Rejection(.unknownSeries, "no \(describe(series)) has been written")
        }
        return slot
    }

    /// The pool slot a new series locks: its underlying's for a call, the quote's for a put.
    private func collateralSlot(of series: OptionSeries) throws -> Int {
        let option = config.optionMarket(series.market)
        let pool = pools[Int(option.pool.index)]
        return series.type == .call ? try slot(of: option.underlying, in: pool) : pool.quoteSlot
    }

    /// A series as people name it: `ETH-OPT call 2500 expiring 1700000000000`.
    func describe(_ series: OptionSeries) -> String {
        "\(config.optionMarket(series.market).name) \(series.type) \(series.strike) expiring \(series.expiry)"
    }
}
