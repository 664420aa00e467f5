extension Ledger {
    /// Whether a trade would grow the account's exposure (open, increase or flip a position).
    ///
    /// A reduce-only market accepts only trades for which this is `false`.
    public func increasesExposure(_ trade: Trade) -> Bool {
        let index = Int(config.pool(of: trade.market).index)
        guard let slot = pools[index].slot(of: trade.market) else { return true }
        let old = pools[index].accounts[trade.account]?.positions[slot].size ?? .zero
        return Self.increasesExposure(from: old, by: trade.size)
    }

    /// Whether moving a position of `old` by `size` opens, grows or flips it.
    static func increasesExposure(from old: Wad, by size: Wad) -> Bool {
        guard let new = try? old.adding(size), let oldSize = try? old.magnitude(),
            let newSize = try? new.magnitude()
        else { return true }
        return newSize > oldSize || (new.signum != 0 && new.signum != old.signum)
    }

    /// Executes a trade against the pool at the mark price, charging the taker fee.
    mutating func trade(_ trade: Trade, prices: PriceBook) throws -> LedgerEffects {
        // Computed apart from the commit, so neither the ledger nor the pool is copied for the commit to write.
        let draft = try traded(trade, prices: prices)
        draft.commit(into: &pools[Int(config.pool(of: trade.market).index)])
        return LedgerEffects()
    }

    private func traded(_ trade: Trade, prices: PriceBook) throws -> PoolDraft {
        guard !trade.size.isZero else { throw Rejection(.invalidAmount, "size must not be zero") }
        let market = config.markets[Int(trade.market.index)]
        // One copy of the pool for the whole computation: each whole-element read of `pools` copies it again.
        let pool = pools[Int(market.pool.index)]
        guard let slot = pool.slot(of: trade.market) else {
            throw Rejection(.unknownInPool, "market \(market.name) is not in pool \(config.pool(market.pool).name)")
        }
        let mark = try mark(of: trade.market, prices)
        if let limit = trade.limitPrice {
            let acceptable = trade.size.isPositive ? mark <= limit : mark >= limit
            guard acceptable else {
                throw Rejection(.limitPrice, "mark \(mark) is worse than the limit \(limit)")
            }
        }
        var draft = PoolDraft(pool, account: trade.account)
        let growsExposure = Self.increasesExposure(from: draft.account.positions[slot].size, by: trade.size)
        let quote = pool.quoteSlot
        var position = try settleFunding(&draft, slot: slot, index: pool.marketBooks[slot].fundingIndex)
        let realized = try fill(&position, size: trade.size, mark: mark)
        try draft.payAccountFromLPs(quote, realized)
        try draft.setPosition(slot, to: position)

        let fee = try trade.size.magnitude().multiplied(by: mark, rounding: .up)
            .multiplied(by: market.takerFee, rounding: .up)
        let insuranceShare = try fee.multiplied(by: config.pools[Int(market.pool.index)].insuranceFeeShare, rounding: .down)
        try draft.payInsuranceFromAccount(quote, insuranceShare)
        try draft.payAccountFromLPs(quote, fee.subtracting(insuranceShare).negated())

        if growsExposure {
            try requireHealthy(draft.account, in: pool, prices: prices, action: "trading \(trade.size) \(market.name)")
        }
        return draft
    }

    /// Accrues funding for the time since the market's last funding event.
    ///
    /// The rate is `max_funding_rate × (long OI − short OI) / (long OI + short OI)` per funding period, pro rata
    /// for the elapsed time, applied to the mark: the heavier side pays the lighter one, and the pool (the LPs)
    /// takes the other side of the imbalance. Positions settle what they owe when they are next touched.
    mutating func accrueFunding(_ marketID: MarketID, at time: Timestamp, prices: PriceBook) throws -> LedgerEffects {
        let market = config.market(marketID)
        let index = Int(market.pool.index)
        guard let slot = pools[index].slot(of: marketID) else { return LedgerEffects() }
        let mark = try mark(of: marketID, prices)
        guard let last = pools[index].marketBooks[slot].lastFunding else {
            pools[index].marketBooks[slot].lastFunding = time
            return LedgerEffects()
        }
        let long = pools[index].marketBooks[slot].longOpenInterest
        let short = pools[index].marketBooks[slot].shortOpenInterest
        let total = try long.adding(short)
        var newIndex = pools[index].marketBooks[slot].fundingIndex
        if total.isPositive {
            let skew = try long.subtracting(short).divided(by: total, rounding: .down)
            let rate = try market.maxFundingRate.multiplied(by: skew, rounding: .down)
            let elapsed = Wad(max(0, time.milliseconds(since: last)))
            let delta = try mark.multiplied(by: rate, rounding: .down)
                .scaled(by: elapsed, over: Wad(market.fundingPeriodMilliseconds), rounding: .down)
            newIndex = try newIndex.adding(delta)
        }
        pools[index].marketBooks[slot].fundingIndex = newIndex
        pools[index].marketBooks[slot].lastFunding = time
        return LedgerEffects()
    }

    /// Settles funding owed by the draft account's position in a market into its quote balance.
    func settleFunding(_ draft: inout PoolDraft, slot: Int, index: Wad) throws -> Position {
        var position = draft.account.positions[slot]
        if position.isOpen {
            let owed = try fundingOwed(position, index: index)
            try draft.payAccountFromLPs(draft.quoteSlot, owed.negated())
        }
        position.fundingIndex = index
        return position
    }

    /// Applies a fill of `size` at `mark` to a position and returns the realized PnL.
    ///
    /// The closed part realizes `q × mark − basis(q)`, rounded against the account; a fill that flips the
    /// position opens the rest at the mark.
    func fill(_ position: inout Position, size: Wad, mark: Wad) throws -> Wad {
        let old = position.size
        if old.isZero || old.signum == size.signum {
            position.openNotional = try position.openNotional.adding(size.multiplied(by: mark, rounding: .up))
            position.size = try old.adding(size)
            return .zero
        }
        let closing = try size.magnitude() >= old.magnitude() ? old : size.negated()
        let basis = try position.openNotional.scaled(by: closing, over: old, rounding: .up)
        let realized = try closing.multiplied(by: mark, rounding: .down).subtracting(basis)
        position.openNotional = try position.openNotional.subtracting(basis)
        position.size = try old.subtracting(closing)
        let opening = try size.adding(closing)
        if !opening.isZero {
            position.openNotional = try position.openNotional.adding(opening.multiplied(by: mark, rounding: .up))
            position.size = try position.size.adding(opening)
        }
        return realized
    }
}
