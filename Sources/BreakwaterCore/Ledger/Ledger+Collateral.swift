extension Ledger {
    mutating func deposit(_ movement: AssetMovement) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let pool = Int(movement.pool.index)
        externalInflow[Int(movement.asset.index)] = try atomically { ledger in
            try ledger.pools[pool].credit(movement.amount, of: movement.asset, to: movement.account)
            return try ledger.externalInflow[Int(movement.asset.index)].adding(movement.amount)
        }
        return LedgerEffects()
    }

    /// Withdraws tokens; the part beyond the account's balance is a borrow against its health (unless `checks` leaves
    /// out ``LedgerChecks/health``).
    mutating func withdraw(_ movement: AssetMovement, prices: PriceBook, checks: LedgerChecks) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let pool = Int(movement.pool.index)
        var effects = LedgerEffects()
        (effects.newBorrow, externalOutflow[Int(movement.asset.index)]) = try atomically { ledger in
            let borrow = try ledger.pools[pool].debit(
                movement.amount,
                of: movement.asset,
                from: movement.account,
                prices: prices,
                allowBorrow: true,
                checks: checks
            )
            return (borrow, try ledger.externalOutflow[Int(movement.asset.index)].adding(movement.amount))
        }
        return effects
    }

    /// Moves collateral between pools: the only way funds cross compartments. It never borrows.
    mutating func transfer(_ transfer: PoolTransfer, prices: PriceBook, checks: LedgerChecks) throws -> LedgerEffects {
        try requirePositive(transfer.amount)
        guard transfer.fromPool != transfer.toPool else {
            throw Rejection(.invalidAmount, "a transfer needs two different pools")
        }
        let (source, target) = (Int(transfer.fromPool.index), Int(transfer.toPool.index))
        try atomically { ledger in
            _ = try ledger.pools[source].debit(
                transfer.amount,
                of: transfer.asset,
                from: transfer.account,
                prices: prices,
                allowBorrow: false,
                checks: checks
            )
            try ledger.pools[target].credit(transfer.amount, of: transfer.asset, to: transfer.account)
        }
        return LedgerEffects()
    }
}

extension PoolState {
    /// Adds tokens to the vault and to an account's balance.
    mutating func credit(_ amount: Wad, of asset: AssetID, to account: AccountID) throws {
        let slot = try collateralSlot(of: asset)
        let row = touch(account)
        try addToBalance(row, slot, amount)
        collateral[slot].vault = try collateral[slot].vault.adding(amount)
    }

    /// Takes tokens from the vault and an account's balance, checked: borrowability, the pool's liquidity and
    /// initial health (when `checks` holds ``LedgerChecks/health``).
    ///
    /// - Returns: the debt it created.
    mutating func debit(
        _ amount: Wad,
        of asset: AssetID,
        from account: AccountID,
        prices: PriceBook,
        allowBorrow: Bool,
        checks: LedgerChecks
    ) throws -> Wad {
        let slot = try collateralSlot(of: asset)
        let borrowedBefore = collateral[slot].borrowed
        let balance = balance(of: account, inSlot: slot)
        let newBalance = try balance.subtracting(amount)
        var assetName: String { layout.assetNames[slot] }
        if newBalance.isNegative && !(allowBorrow && layout.collateral[slot].isBorrowable) {
            throw Rejection(
                .insufficientBalance,
                "withdrawing \(amount) \(assetName) exceeds the balance \(balance) and cannot borrow"
            )
        }
        let vault = collateral[slot].vault
        guard amount <= vault else {
            throw Rejection(
                .insufficientLiquidity,
                "pool \(layout.name) holds \(vault) \(assetName), \(amount) requested"
            )
        }
        let row = touch(account)
        try setBalance(row, slot, to: newBalance)
        collateral[slot].vault = try vault.subtracting(amount)
        try requireHealthy(row, prices: prices, checks: checks, action: "withdrawing \(amount) \(assetName)")
        return try collateral[slot].borrowed.subtracting(borrowedBefore)
    }
}
