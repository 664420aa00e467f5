extension Ledger {
    /// Adds LP liquidity and mints shares pro rata to the LPs' value (rounded down).
    mutating func addLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        let draft = try liquidityAdded(movement, prices: prices)
        let inflow = try externalInflow[Int(movement.asset.index)].adding(movement.amount)
        draft.commit(into: &pools[Int(movement.pool.index)])
        externalInflow[Int(movement.asset.index)] = inflow
        return LedgerEffects()
    }

    /// Removes LP liquidity, burning shares pro rata (rounded up).
    mutating func removeLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        let draft = try liquidityRemoved(movement, prices: prices)
        let outflow = try externalOutflow[Int(movement.asset.index)].adding(movement.amount)
        draft.commit(into: &pools[Int(movement.pool.index)])
        externalOutflow[Int(movement.asset.index)] = outflow
        return LedgerEffects()
    }

    // The drafts are computed apart from the commits, so no copy of the pool is alive when a commit writes to it.

    private func liquidityAdded(_ movement: AssetMovement, prices: PriceBook) throws -> PoolDraft {
        try requirePositive(movement.amount)
        let pool = pools[Int(movement.pool.index)]
        let slot = try slot(of: movement.asset, in: pool)
        let value = try movement.amount.multiplied(by: price(of: movement.asset, prices), rounding: .down)
        let shares: Wad
        if pool.lpShares.isZero {
            shares = value
        } else {
            let lpValue = try requireLPValue(pool, prices: prices)
            shares = try value.scaled(by: pool.lpShares, over: lpValue, rounding: .down)
        }
        guard shares.isPositive else { throw Rejection(.invalidAmount, "\(movement.amount) is too small to mint a share") }
        var draft = PoolDraft(pool, account: movement.account)
        draft.collateral[slot].vault = try draft.collateral[slot].vault.adding(movement.amount)
        draft.collateral[slot].lpLiquidity = try draft.collateral[slot].lpLiquidity.adding(movement.amount)
        try draft.setShares(to: draft.account.lpShares.adding(shares))
        draft.lpShares = try draft.lpShares.adding(shares)
        return draft
    }

    private func liquidityRemoved(_ movement: AssetMovement, prices: PriceBook) throws -> PoolDraft {
        try requirePositive(movement.amount)
        let pool = pools[Int(movement.pool.index)]
        let slot = try slot(of: movement.asset, in: pool)
        let assetName = config.asset(movement.asset).name
        guard pool.lpShares.isPositive else { throw Rejection(.insufficientShares, "the pool has no LP shares") }
        let lpValue = try requireLPValue(pool, prices: prices)
        let value = try movement.amount.multiplied(by: price(of: movement.asset, prices), rounding: .up)
        let shares = try value.scaled(by: pool.lpShares, over: lpValue, rounding: .up)
        var draft = PoolDraft(pool, account: movement.account)
        guard shares <= draft.account.lpShares else {
            throw Rejection(
                .insufficientShares,
                "removing \(movement.amount) \(assetName) needs \(shares) shares, the account holds \(draft.account.lpShares)"
            )
        }
        guard movement.amount <= pool.collateral[slot].lpLiquidity, movement.amount <= pool.collateral[slot].vault else {
            throw Rejection(
                .insufficientLiquidity,
                "the LPs hold \(pool.collateral[slot].lpLiquidity) \(assetName) and the vault \(pool.collateral[slot].vault), \(movement.amount) requested"
            )
        }
        draft.collateral[slot].vault = try draft.collateral[slot].vault.subtracting(movement.amount)
        draft.collateral[slot].lpLiquidity = try draft.collateral[slot].lpLiquidity.subtracting(movement.amount)
        try draft.setShares(to: draft.account.lpShares.subtracting(shares))
        draft.lpShares = try draft.lpShares.subtracting(shares)
        return draft
    }

    private func requireLPValue(_ pool: PoolState, prices: PriceBook) throws -> Wad {
        guard let value = try pool.lpValue(prices: prices) else {
            throw Rejection(.noPrice, "an asset the LPs hold has no valid price")
        }
        guard value.isPositive else {
            throw Rejection(.insufficientLiquidity, "the LPs' value is \(value); shares cannot be priced")
        }
        return value
    }
}
