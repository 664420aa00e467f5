extension Ledger {
    mutating func deposit(_ movement: AssetMovement) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let draft = try deposited(movement)
        let inflow = try externalInflow[Int(movement.asset.index)].adding(movement.amount)
        draft.commit(into: &pools[Int(movement.pool.index)])
        externalInflow[Int(movement.asset.index)] = inflow
        return LedgerEffects()
    }

    private func deposited(_ movement: AssetMovement) throws -> PoolDraft {
        let pool = pools[Int(movement.pool.index)]
        let slot = try slot(of: movement.asset, in: pool)
        var draft = PoolDraft(pool, account: movement.account)
        try draft.setBalance(slot, to: draft.account.balances[slot].adding(movement.amount))
        draft.collateral[slot].vault = try draft.collateral[slot].vault.adding(movement.amount)
        return draft
    }

    /// Withdraws tokens; the part beyond the account's balance is a borrow against its health.
    mutating func withdraw(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let index = Int(movement.pool.index)
        let (draft, slot) = try checkedWithdrawal(movement, prices: prices, allowBorrow: true)
        let outflow = try externalOutflow[Int(movement.asset.index)].adding(movement.amount)
        var effects = LedgerEffects()
        effects.newBorrow = try draft.collateral[slot].borrowed.subtracting(pools[index].collateral[slot].borrowed)
        draft.commit(into: &pools[index])
        externalOutflow[Int(movement.asset.index)] = outflow
        return effects
    }

    /// Moves collateral between pools: the only way funds cross compartments. It never borrows.
    mutating func transfer(_ transfer: PoolTransfer, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(transfer.amount)
        guard transfer.fromPool != transfer.toPool else {
            throw Rejection(.invalidAmount, "a transfer needs two different pools")
        }
        let movement = AssetMovement(
            pool: transfer.fromPool,
            account: transfer.account,
            asset: transfer.asset,
            amount: transfer.amount
        )
        let (source, _) = try checkedWithdrawal(movement, prices: prices, allowBorrow: false)
        let targetIndex = Int(transfer.toPool.index)
        let targetSlot = try slot(of: transfer.asset, in: pools[targetIndex])
        var target = PoolDraft(pools[targetIndex], account: transfer.account)
        try target.setBalance(targetSlot, to: target.account.balances[targetSlot].adding(transfer.amount))
        target.collateral[targetSlot].vault = try target.collateral[targetSlot].vault.adding(transfer.amount)
        source.commit(into: &pools[Int(transfer.fromPool.index)])
        target.commit(into: &pools[targetIndex])
        return LedgerEffects()
    }

    /// A withdrawal computed on a draft and checked: borrowability, the pool's liquidity and initial health.
    private func checkedWithdrawal(
        _ movement: AssetMovement,
        prices: PriceBook,
        allowBorrow: Bool
    ) throws -> (draft: PoolDraft, slot: Int) {
        let pool = pools[Int(movement.pool.index)]
        let slot = try slot(of: movement.asset, in: pool)
        var draft = PoolDraft(pool, account: movement.account)
        let balance = draft.account.balances[slot]
        let newBalance = try balance.subtracting(movement.amount)
        var assetName: String { config.asset(movement.asset).name }
        if newBalance.isNegative && !(allowBorrow && config.pool(pool.id).collateral[slot].isBorrowable) {
            throw Rejection(
                .insufficientBalance,
                "withdrawing \(movement.amount) \(assetName) exceeds the balance \(balance) and cannot borrow"
            )
        }
        guard movement.amount <= pool.collateral[slot].vault else {
            throw Rejection(
                .insufficientLiquidity,
                "pool \(config.pool(pool.id).name) holds \(pool.collateral[slot].vault) \(assetName), \(movement.amount) requested"
            )
        }
        try draft.setBalance(slot, to: newBalance)
        draft.collateral[slot].vault = try draft.collateral[slot].vault.subtracting(movement.amount)
        try requireHealthy(draft.account, in: pool, prices: prices, action: "withdrawing \(movement.amount) \(assetName)")
        return (draft, slot)
    }
}
