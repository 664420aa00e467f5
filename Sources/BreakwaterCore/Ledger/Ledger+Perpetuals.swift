extension Ledger {
    /// Whether a trade would grow the account's exposure (open, increase or flip a position).
    ///
    /// A reduce-only market accepts only trades for which this is `false`.
    public func increasesExposure(_ trade: Trade) -> Bool {
        let index = Int(config.pool(of: trade.market).index)
        guard let slot = pools[index].slot(of: trade.market) else { return true }
        return Self.increasesExposure(from: pools[index].position(of: trade.account, inSlot: slot).size, by: trade.size)
    }

    /// The size of an account's position in a market (zero when it has none).
    public func positionSize(of account: AccountID, in market: MarketID) -> Wad {
        let index = Int(config.pool(of: market).index)
        guard let slot = pools[index].slot(of: market) else { return .zero }
        return pools[index].position(of: account, inSlot: slot).size
    }

    /// Whether moving a position of `old` by `size` opens, grows or flips it.
    static func increasesExposure(from old: Wad, by size: Wad) -> Bool {
        guard let new = try? old.adding(size), let oldSize = try? old.magnitude(),
            let newSize = try? new.magnitude()
        else { return true }
        return newSize > oldSize || (new.signum != 0 && new.signum != old.signum)
    }

    /// Executes a trade against the pool at the mark price, charging the taker fee.
    mutating func trade(_ trade: Trade, prices: PriceBook, checks: LedgerChecks) throws -> LedgerEffects {
        let pool = Int(config.pool(of: trade.market).index)
        try atomically { try $0.pools[pool].trade(trade, prices: prices, checks: checks) }
        return LedgerEffects()
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
        let mark = try pools[index].mark(ofSlot: slot, prices)
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
}

extension PoolState {
    /// Fills a trade at the mark of its market, within its limit price: funding and PnL settle against the LPs, the
    /// taker fee is split between the insurance fund and the LPs, and a trade that grows exposure must leave initial
    /// health.
    mutating func trade(_ trade: Trade, prices: PriceBook, checks: LedgerChecks) throws {
        let size = trade.size
        guard !size.isZero else { throw Rejection(.invalidAmount, "size must not be zero") }
        guard let slot = slot(of: trade.market) else {
            throw Rejection(.unknownInPool, "market #\(trade.market.index) is not in pool \(layout.name)")
        }
        let mark = try mark(ofSlot: slot, prices)
        if let limit = trade.limitPrice, checks.contains(.limitPrice) {
            let acceptable = size.isPositive ? mark <= limit : mark >= limit
            guard acceptable else {
                throw Rejection(.limitPrice, "mark \(mark) is worse than the limit \(limit)")
            }
        }
        let row = touch(trade.account)
        let quote = quoteSlot
        var position = try settleFunding(row, slot)
        let growsExposure = Ledger.increasesExposure(from: position.size, by: size)
        let realized = try position.fill(size, at: mark)
        try setPosition(row, slot, to: position)

        let fee = try size.magnitude().multiplied(by: mark, rounding: .up)
            .multiplied(by: layout.marketTerms[slot].takerFee, rounding: .up)
        let insuranceShare = try fee.multiplied(by: layout.insuranceFeeShare, rounding: .down)
        // The account gets its PnL and pays the fee; the LPs pay the PnL and keep the fee but the insurance share.
        try addToBalance(row, quote, realized.subtracting(fee))
        collateral[quote].lpLiquidity = try collateral[quote].lpLiquidity.subtracting(realized)
            .adding(fee.subtracting(insuranceShare))
        collateral[quote].insurance = try collateral[quote].insurance.adding(insuranceShare)

        if growsExposure {
            try requireHealthy(
                row,
                prices: prices,
                checks: checks,
                action: "trading \(size) \(layout.marketNames[slot])"
            )
        }
    }
}
