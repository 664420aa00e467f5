/// A working copy of the parts of one pool and one account that an operation changes.
///
/// Operations compute on a draft and commit it only when every step succeeded, so a refused or overflowing
/// operation leaves the ledger exactly as it was.
struct PoolDraft {
    let accountID: AccountID
    let quoteSlot: Int
    var account: AccountState
    var collateral: [CollateralBook]
    var marketBooks: [MarketBook]
    var lpShares: Wad
    var accountShareTotal: Wad

    init(_ pool: borrowing PoolState, account id: AccountID) {
        accountID = id
        quoteSlot = pool.quoteSlot
        account = pool.account(id)
        collateral = pool.collateral
        marketBooks = pool.marketBooks
        lpShares = pool.lpShares
        accountShareTotal = pool.accountShareTotal
    }

    /// Continues `other` with another account of the same pool: the books carry over, `other`'s account does not.
    ///
    /// For operations between two accounts of one pool: commit `other`, then this draft.
    init(continuing other: PoolDraft, account id: AccountID, in pool: borrowing PoolState) {
        accountID = id
        quoteSlot = other.quoteSlot
        account = pool.account(id)
        collateral = other.collateral
        marketBooks = other.marketBooks
        lpShares = other.lpShares
        accountShareTotal = other.accountShareTotal
    }

    /// Sets the account's balance in a slot, keeping the pool's borrow book and balance total in step.
    mutating func setBalance(_ slot: Int, to newBalance: Wad) throws {
        let old = account.balances[slot]
        let oldDebt = old.isNegative ? try old.negated() : .zero
        let newDebt = newBalance.isNegative ? try newBalance.negated() : .zero
        collateral[slot].borrowed = try collateral[slot].borrowed.subtracting(oldDebt).adding(newDebt)
        collateral[slot].balanceTotal = try collateral[slot].balanceTotal.subtracting(old).adding(newBalance)
        account.balances[slot] = newBalance
    }

    /// Sets the account's LP shares, keeping the accounts' share total in step; the pool's own total
    /// (``lpShares``) is the operation's to change.
    mutating func setShares(to newShares: Wad) throws {
        accountShareTotal = try accountShareTotal.subtracting(account.lpShares).adding(newShares)
        account.lpShares = newShares
    }

    /// Moves `amount` of a slot from the LPs' claim to the account's balance (negative moves it back).
    mutating func payAccountFromLPs(_ slot: Int, _ amount: Wad) throws {
        try setBalance(slot, to: account.balances[slot].adding(amount))
        collateral[slot].lpLiquidity = try collateral[slot].lpLiquidity.subtracting(amount)
    }

    /// Moves `amount` of a slot from the account's balance to the insurance fund.
    mutating func payInsuranceFromAccount(_ slot: Int, _ amount: Wad) throws {
        try setBalance(slot, to: account.balances[slot].subtracting(amount))
        collateral[slot].insurance = try collateral[slot].insurance.adding(amount)
    }

    /// Replaces a position, keeping the market's open interest in step.
    mutating func setPosition(_ marketSlot: Int, to position: Position) throws {
        var book = marketBooks[marketSlot]
        let old = account.positions[marketSlot].size
        if old.isPositive { book.longOpenInterest = try book.longOpenInterest.subtracting(old) }
        if old.isNegative { book.shortOpenInterest = try book.shortOpenInterest.adding(old) }
        let new = position.size
        if new.isPositive { book.longOpenInterest = try book.longOpenInterest.adding(new) }
        if new.isNegative { book.shortOpenInterest = try book.shortOpenInterest.subtracting(new) }
        marketBooks[marketSlot] = book
        account.positions[marketSlot] = position
    }

    /// Replaces the account's options of one series; an empty holding is removed.
    mutating func setHolding(_ holding: OptionHolding) {
        let index = account.options.firstIndex { $0.seriesSlot == holding.seriesSlot }
        switch (index, holding.isEmpty) {
        case (let index?, true): account.options.remove(at: index)
        case (let index?, false): account.options[index] = holding
        case (nil, false): account.options.append(holding)
        case (nil, true): break
        }
    }

    func commit(into pool: inout PoolState) {
        pool.collateral = collateral
        pool.marketBooks = marketBooks
        pool.lpShares = lpShares
        pool.accountShareTotal = accountShareTotal
        pool.accounts[accountID] = account.isEmpty ? nil : account
    }
}
