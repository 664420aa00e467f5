extension Ledger {
    /// Adds LP liquidity and mints shares pro rata to the LPs' value (rounded down).
    mutating func addLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let index = Int(movement.pool.index)
        let pool = pools[index]
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
        draft.vault[slot] = try draft.vault[slot].adding(movement.amount)
        draft.lpLiquidity[slot] = try draft.lpLiquidity[slot].adding(movement.amount)
        try draft.setShares(to: draft.account.lpShares.adding(shares))
        draft.lpShares = try draft.lpShares.adding(shares)
        let inflow = try externalInflow[Int(movement.asset.index)].adding(movement.amount)
        draft.commit(into: &pools[index])
        externalInflow[Int(movement.asset.index)] = inflow
        return LedgerEffects()
    }

    /// Removes LP liquidity, burning shares pro rata (rounded up).
    mutating func removeLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let index = Int(movement.pool.index)
        let pool = pools[index]
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
        guard movement.amount <= pool.lpLiquidity[slot], movement.amount <= pool.vault[slot] else {
            throw Rejection(
                .insufficientLiquidity,
                "the LPs hold \(pool.lpLiquidity[slot]) \(assetName) and the vault \(pool.vault[slot]), \(movement.amount) requested"
            )
        }
        draft.vault[slot] = try draft.vault[slot].subtracting(movement.amount)
        draft.lpLiquidity[slot] = try draft.lpLiquidity[slot].subtracting(movement.amount)
        try draft.setShares(to: draft.account.lpShares.subtracting(shares))
        draft.lpShares = try draft.lpShares.subtracting(shares)
        let outflow = try externalOutflow[Int(movement.asset.index)].adding(movement.amount)
        draft.commit(into: &pools[index])
        externalOutflow[Int(movement.asset.index)] = outflow
        return LedgerEffects()
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
