extension Ledger {
    /// Writes options: the writer locks their worst payoff from its balance, without borrowing, and holds them.
    mutating func writeOptions(
        _ write: OptionWrite,
        at time: Timestamp,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws -> LedgerEffects {
        let series = write.series
        let pool = Int(config.optionMarket(series.market).pool.index)
        guard write.size.isPositive else { throw Rejection(.invalidAmount, "size must be positive, got \(write.size)") }
        guard series.strike.isPositive else {
            throw Rejection(.invalidAmount, "strike must be positive, got \(series.strike)")
        }
        let slot = pools[pool].slot(of: series) ?? pools[pool].optionSeries.count
        var book =
            slot < pools[pool].optionSeries.count
            ? pools[pool].optionSeries[slot]
            : OptionSeriesBook(series: series, collateralSlot: try collateralSlot(of: series))
        guard book.settlement == nil, time < series.expiry else {
            throw Rejection(.seriesExpired, "\(describe(series)) expires at \(series.expiry): no more writes")
        }
        let lock = try book.collateral(forWriting: write.size)
        let collateral = book.collateralSlot
        let balance = pools[pool].balance(of: write.account, inSlot: collateral)
        guard lock <= balance else {
            let assetName = config.asset(pools[pool].assets[collateral]).name
            throw Rejection(
                .insufficientBalance,
                "writing \(write.size) \(describe(series)) locks \(lock) \(assetName), the balance is \(balance)"
            )
        }
        book.escrow = try book.escrow.adding(lock)
        book.written = try book.written.adding(write.size)
        book.held = try book.held.adding(write.size)
        try atomically { ledger in
            try ledger.pools[pool].write(
                write.size,
                locking: lock,
                ofSeries: book,
                inSlot: slot,
                by: write.account,
                prices: prices,
                checks: checks
            )
        }
        return LedgerEffects()
    }

    /// Moves options from the seller to the buyer, and the premium from the buyer to the seller.
    mutating func buyOptions(
        _ purchase: OptionPurchase,
        at time: Timestamp,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws -> LedgerEffects {
        let series = purchase.series
        let pool = Int(config.optionMarket(series.market).pool.index)
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
        guard pools[pool].optionSeries[slot].settlement == nil, time < series.expiry else {
            throw Rejection(.seriesExpired, "\(describe(series)) expires at \(series.expiry): no more trading")
        }
        var sold = pools[pool].holding(of: purchase.seller, ofSeries: slot)
        guard purchase.size <= sold.held else {
            throw Rejection(
                .insufficientOptions,
                "the seller holds \(sold.held) \(describe(series)), \(purchase.size) requested"
            )
        }
        sold.held = try sold.held.subtracting(purchase.size)
        try atomically { ledger in
            try ledger.pools[pool].exchange(
                sold,
                ofSize: purchase.size,
                from: purchase.seller,
                to: purchase.account,
                premium: purchase.premium,
                prices: prices,
                checks: checks
            )
        }
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
        book.settlement = try book.terms(at: pools[index].price(of: option.underlying, prices))
        pools[index].store(book, at: slot)
        return LedgerEffects()
    }

    /// Settles an account's part of an expired series.
    mutating func settleOptions(_ settlement: OptionSettlement) throws -> LedgerEffects {
        let series = settlement.series
        let pool = Int(config.optionMarket(series.market).pool.index)
        let slot = try seriesSlot(of: series)
        var book = pools[pool].optionSeries[slot]
        guard book.settlement != nil else {
            throw Rejection(
                .seriesNotExpired,
                "\(describe(series)) has no settlement price yet: option_expire fixes it"
            )
        }
        let holding = pools[pool].holding(of: settlement.account, ofSeries: slot)
        guard !holding.isEmpty else {
            throw Rejection(.nothingToSettle, "the account holds and wrote no \(describe(series))")
        }
        try atomically { ledger in
            let row = ledger.pools[pool].touch(settlement.account)
            try ledger.pools[pool].settle(holding, of: &book, row)
            // Series books are not undone: stored once nothing can fail.
            ledger.pools[pool].store(book, at: slot)
        }
        return LedgerEffects()
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
        let pool = Int(option.pool.index)
        return series.type == .call ? try pools[pool].collateralSlot(of: option.underlying) : pools[pool].quoteSlot
    }

    /// A series as people name it: `ETH-OPT call 2500 expiring 1700000000000`.
    func describe(_ series: OptionSeries) -> String {
        "\(config.optionMarket(series.market).name) \(series.type) \(series.strike) expiring \(series.expiry)"
    }
}

extension PoolState {
    /// Writes options of a series: the writer's balance locks `lock` into the escrow and it holds what it wrote.
    /// `book` is the series' books with the write counted, stored once the writer's health allows it.
    mutating func write(
        _ size: Wad,
        locking lock: Wad,
        ofSeries book: OptionSeriesBook,
        inSlot slot: Int,
        by account: AccountID,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws {
        let row = touch(account)
        let locked = book.collateralSlot
        try addToBalance(row, locked, lock.negated())
        collateral[locked].optionEscrow = try collateral[locked].optionEscrow.adding(lock)
        var holding = accounts.rows[row].holding(ofSeries: slot)
        holding.written = try holding.written.adding(size)
        holding.held = try holding.held.adding(size)
        setHolding(row, holding)
        try requireHealthy(row, prices: prices, checks: checks, action: "locking \(lock) \(layout.assetNames[locked])")
        // Series books are not undone: stored once nothing can fail.
        store(book, at: slot)
    }

    /// Moves options from a seller, whose holding becomes `sold`, to a buyer, and the premium the other way; the buyer
    /// borrows what its balance lacks if the quote asset allows it, within its health.
    mutating func exchange(
        _ sold: OptionHolding,
        ofSize size: Wad,
        from seller: AccountID,
        to buyer: AccountID,
        premium: Wad,
        prices: PriceBook,
        checks: LedgerChecks
    ) throws {
        let quote = quoteSlot
        let sellerRow = touch(seller)
        setHolding(sellerRow, sold)
        try addToBalance(sellerRow, quote, premium)

        let buyerRow = touch(buyer)
        let balance = balance(buyerRow, quote)
        let newBalance = try balance.subtracting(premium)
        if newBalance.isNegative && !layout.collateral[quote].isBorrowable {
            throw Rejection(
                .insufficientBalance,
                "the premium \(premium) exceeds the balance \(balance) and the quote asset cannot be borrowed"
            )
        }
        try setBalance(buyerRow, quote, to: newBalance)
        var bought = accounts.rows[buyerRow].holding(ofSeries: sold.seriesSlot)
        bought.held = try bought.held.adding(size)
        setHolding(buyerRow, bought)
        try requireHealthy(buyerRow, prices: prices, checks: checks, action: "paying the premium \(premium)")
    }

    /// Settles a row's holding of an expired series into its balances.
    ///
    /// The holder takes `held × holder share` of the escrow (rounded down): a put's is quote, paid as it is; a
    /// call's is the underlying, which the LPs buy at the settlement price (rounded down) so the holder is paid in
    /// quote. The writer gets back `written × writer share` (rounded down). When no claim is left on the series,
    /// the rounding dust left in its escrow goes to the insurance fund.
    mutating func settle(_ holding: OptionHolding, of book: inout OptionSeriesBook, _ row: Int) throws {
        guard let terms = book.settlement else { return }
        let slot = book.collateralSlot
        let taken = try holding.held.multiplied(by: terms.holderShare, rounding: .down)
        let returned = try holding.written.multiplied(by: terms.writerShare, rounding: .down)
        let released = try taken.adding(returned)
        book.escrow = try book.escrow.subtracting(released)
        collateral[slot].optionEscrow = try collateral[slot].optionEscrow.subtracting(released)
        if slot == quoteSlot {
            try addToBalance(row, slot, taken)
        } else {
            collateral[slot].lpLiquidity = try collateral[slot].lpLiquidity.adding(taken)
            try payAccountFromLPs(row, quoteSlot, taken.multiplied(by: terms.price, rounding: .down))
        }
        try addToBalance(row, slot, returned)
        book.held = try book.held.subtracting(holding.held)
        book.written = try book.written.subtracting(holding.written)
        setHolding(row, OptionHolding(seriesSlot: holding.seriesSlot))
        if book.held.isZero && book.written.isZero && !book.escrow.isZero {
            collateral[slot].optionEscrow = try collateral[slot].optionEscrow.subtracting(book.escrow)
            collateral[slot].insurance = try collateral[slot].insurance.adding(book.escrow)
            book.escrow = .zero
        }
    }
}
