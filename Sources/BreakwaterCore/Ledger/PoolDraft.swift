/// A working copy of the parts of one pool and one account that an operation changes.
///
/// Operations compute on a draft and commit it only when every step succeeded, so a refused or overflowing
/// operation leaves the ledger exactly as it was.
struct PoolDraft {
    let accountID: AccountID
    let quoteSlot: Int
    var account: AccountState
    var vault: [Wad]
    var lpLiquidity: [Wad]
    var insurance: [Wad]
    var borrowed: [Wad]
    var balanceTotals: [Wad]
    var accountShareTotal: Wad
    var socializedLoss: [Wad]
    var lpShares: Wad
    var longOpenInterest: [Wad]
    var shortOpenInterest: [Wad]

    init(_ pool: PoolState, account id: AccountID) {
        accountID = id
        quoteSlot = pool.quoteSlot
        account = pool.account(id)
        vault = pool.vault
        lpLiquidity = pool.lpLiquidity
        insurance = pool.insurance
        borrowed = pool.borrowed
        balanceTotals = pool.balanceTotals
        accountShareTotal = pool.accountShareTotal
        socializedLoss = pool.socializedLoss
        lpShares = pool.lpShares
        longOpenInterest = pool.longOpenInterest
        shortOpenInterest = pool.shortOpenInterest
    }

    /// Sets the account's balance in a slot, keeping the pool's borrow book and balance total in step.
    mutating func setBalance(_ slot: Int, to newBalance: Wad) throws {
        let old = account.balances[slot]
        let oldDebt = old.isNegative ? try old.negated() : .zero
        let newDebt = newBalance.isNegative ? try newBalance.negated() : .zero
        borrowed[slot] = try borrowed[slot].subtracting(oldDebt).adding(newDebt)
        balanceTotals[slot] = try balanceTotals[slot].subtracting(old).adding(newBalance)
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
        lpLiquidity[slot] = try lpLiquidity[slot].subtracting(amount)
    }

    /// Moves `amount` of a slot from the account's balance to the insurance fund.
    mutating func payInsuranceFromAccount(_ slot: Int, _ amount: Wad) throws {
        try setBalance(slot, to: account.balances[slot].subtracting(amount))
        insurance[slot] = try insurance[slot].adding(amount)
    }

    /// Replaces a position, keeping the market's open interest in step.
    mutating func setPosition(_ marketSlot: Int, to position: Position) throws {
        let old = account.positions[marketSlot].size
        if old.isPositive { longOpenInterest[marketSlot] = try longOpenInterest[marketSlot].subtracting(old) }
        if old.isNegative { shortOpenInterest[marketSlot] = try shortOpenInterest[marketSlot].adding(old) }
        let new = position.size
        if new.isPositive { longOpenInterest[marketSlot] = try longOpenInterest[marketSlot].adding(new) }
        if new.isNegative { shortOpenInterest[marketSlot] = try shortOpenInterest[marketSlot].subtracting(new) }
        account.positions[marketSlot] = position
    }

    func commit(into pool: inout PoolState) {
        pool.vault = vault
        pool.lpLiquidity = lpLiquidity
        pool.insurance = insurance
        pool.borrowed = borrowed
        pool.balanceTotals = balanceTotals
        pool.accountShareTotal = accountShareTotal
        pool.socializedLoss = socializedLoss
        pool.lpShares = lpShares
        pool.longOpenInterest = longOpenInterest
        pool.shortOpenInterest = shortOpenInterest
        pool.accounts[accountID] = account.isEmpty ? nil : account
    }
}
