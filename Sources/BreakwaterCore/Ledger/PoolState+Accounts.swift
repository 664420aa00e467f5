/// Changes to an account of a pool, made in place, that keep the pool's running totals in step.
///
/// Operations make them inside ``Ledger/atomically(_:)`` on rows from ``PoolState/touch(_:)``, so a refused or
/// overflowing operation is undone as a whole.
extension PoolState {
    /// The account's position in a market slot (an empty one if the account holds nothing here).
    public func position(of account: AccountID, inSlot slot: Int) -> Position {
        accounts.row(of: account).map { accounts.rows[$0].positions[slot] } ?? Position()
    }

    /// The account's balance in a collateral slot (zero if the account holds nothing here).
    public func balance(of account: AccountID, inSlot slot: Int) -> Wad {
        accounts.row(of: account).map { accounts.rows[$0].balances[slot] } ?? .zero
    }

    /// The account's LP shares (zero if the account holds nothing here).
    public func lpShares(of account: AccountID) -> Wad {
        accounts.row(of: account).map { accounts.rows[$0].lpShares } ?? .zero
    }

    /// The account's options of a series (an empty holding if it has none).
    public func holding(of account: AccountID, ofSeries slot: Int) -> OptionHolding {
        accounts.row(of: account).map { accounts.rows[$0].holding(ofSeries: slot) } ?? OptionHolding(seriesSlot: slot)
    }

    /// The balance of a row in a collateral slot.
    func balance(_ row: Int, _ slot: Int) -> Wad { accounts.rows[row].balances[slot] }

    /// Sets a row's balance in a slot, keeping the pool's borrow book and balance total in step.
    mutating func setBalance(_ row: Int, _ slot: Int, to newBalance: Wad) throws {
        let old = accounts.rows[row].balances[slot]
        if old.isNegative || newBalance.isNegative {
            let oldDebt = old.isNegative ? try old.negated() : .zero
            let newDebt = newBalance.isNegative ? try newBalance.negated() : .zero
            collateral[slot].borrowed = try collateral[slot].borrowed.subtracting(oldDebt).adding(newDebt)
        }
        collateral[slot].balanceTotal = try collateral[slot].balanceTotal.subtracting(old).adding(newBalance)
        accounts.rows[row].balances[slot] = newBalance
    }

    /// Adds `amount` (negative subtracts) to a row's balance in a slot.
    mutating func addToBalance(_ row: Int, _ slot: Int, _ amount: Wad) throws {
        try setBalance(row, slot, to: balance(row, slot).adding(amount))
    }

    /// Sets a row's LP shares, keeping the accounts' share total in step; the pool's own total (``lpShares``) is the
    /// operation's to change.
    mutating func setShares(_ row: Int, to newShares: Wad) throws {
        accountShareTotal = try accountShareTotal.subtracting(accounts.rows[row].lpShares).adding(newShares)
        accounts.rows[row].lpShares = newShares
    }

    /// Moves `amount` of a slot from the LPs' claim to a row's balance (negative moves it back).
    mutating func payAccountFromLPs(_ row: Int, _ slot: Int, _ amount: Wad) throws {
        try addToBalance(row, slot, amount)
        collateral[slot].lpLiquidity = try collateral[slot].lpLiquidity.subtracting(amount)
    }

    /// Moves `amount` of a slot from a row's balance to the insurance fund.
    mutating func payInsuranceFromAccount(_ row: Int, _ slot: Int, _ amount: Wad) throws {
        try addToBalance(row, slot, amount.negated())
        collateral[slot].insurance = try collateral[slot].insurance.adding(amount)
    }

    /// Replaces a row's position, keeping the market's open interest in step.
    mutating func setPosition(_ row: Int, _ marketSlot: Int, to position: Position) throws {
        var book = marketBooks[marketSlot]
        let old = accounts.rows[row].positions[marketSlot].size
        if old.isPositive { book.longOpenInterest = try book.longOpenInterest.subtracting(old) }
        if old.isNegative { book.shortOpenInterest = try book.shortOpenInterest.adding(old) }
        let new = position.size
        if new.isPositive { book.longOpenInterest = try book.longOpenInterest.adding(new) }
        if new.isNegative { book.shortOpenInterest = try book.shortOpenInterest.subtracting(new) }
        marketBooks[marketSlot] = book
        accounts.rows[row].positions[marketSlot] = position
    }

    /// Replaces a row's options of one series; an empty holding is removed.
    mutating func setHolding(_ row: Int, _ holding: OptionHolding) {
        undo.saveOptions(accounts.rows[row].options, of: accounts.ids[row])
        let index = accounts.rows[row].options.firstIndex { $0.seriesSlot == holding.seriesSlot }
        switch (index, holding.isEmpty) {
        case (let index?, true): accounts.rows[row].options.remove(at: index)
        case (let index?, false): accounts.rows[row].options[index] = holding
        case (nil, false): accounts.rows[row].options.append(holding)
        case (nil, true): break
        }
    }

    /// Settles the funding a row's position in a market slot owes into its quote balance; returns the position with
    /// its funding index brought up to the market's.
    mutating func settleFunding(_ row: Int, _ slot: Int) throws -> Position {
        var position = accounts.rows[row].positions[slot]
        let index = marketBooks[slot].fundingIndex
        if position.isOpen {
            try payAccountFromLPs(row, quoteSlot, position.fundingOwed(at: index).negated())
        }
        position.fundingIndex = index
        return position
    }
}
