extension Ledger {
    /// Adds LP liquidity and mints shares pro rata to the LPs' value (rounded down).
    mutating func addLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let pool = Int(movement.pool.index)
        let slot = try pools[pool].collateralSlot(of: movement.asset)
        let value = try movement.amount.multiplied(by: pools[pool].price(ofSlot: slot, prices), rounding: .down)
        let shares: Wad
        if pools[pool].lpShares.isZero {
            shares = value
        } else {
            let lpValue = try requireLPValue(pool, prices: prices)
            shares = try value.scaled(by: pools[pool].lpShares, over: lpValue, rounding: .down)
        }
        guard shares.isPositive else {
            throw Rejection(.invalidAmount, "\(movement.amount) is too small to mint a share")
        }
        externalInflow[Int(movement.asset.index)] = try atomically { ledger in
            try ledger.pools[pool].moveLiquidity(movement.amount, slot, shares: shares, for: movement.account)
            return try ledger.externalInflow[Int(movement.asset.index)].adding(movement.amount)
        }
        return LedgerEffects()
    }

    /// Removes LP liquidity, burning shares pro rata (rounded up).
    mutating func removeLiquidity(_ movement: AssetMovement, prices: PriceBook) throws -> LedgerEffects {
        try requirePositive(movement.amount)
        let pool = Int(movement.pool.index)
        let slot = try pools[pool].collateralSlot(of: movement.asset)
        let assetName = config.asset(movement.asset).name
        guard pools[pool].lpShares.isPositive else { throw Rejection(.insufficientShares, "the pool has no LP shares") }
        let lpValue = try requireLPValue(pool, prices: prices)
        let value = try movement.amount.multiplied(by: pools[pool].price(ofSlot: slot, prices), rounding: .up)
        let shares = try value.scaled(by: pools[pool].lpShares, over: lpValue, rounding: .up)
        let held = pools[pool].lpShares(of: movement.account)
        guard shares <= held else {
            throw Rejection(
                .insufficientShares,
                "removing \(movement.amount) \(assetName) needs \(shares) shares, the account holds \(held)"
            )
        }
        let book = pools[pool].collateral[slot]
        guard movement.amount <= book.lpLiquidity, movement.amount <= book.vault else {
            throw Rejection(
                .insufficientLiquidity,
                "the LPs hold \(book.lpLiquidity) \(assetName) and the vault \(book.vault), \(movement.amount) requested"
            )
        }
        externalOutflow[Int(movement.asset.index)] = try atomically { ledger in
            try ledger.pools[pool].moveLiquidity(
                movement.amount.negated(),
                slot,
                shares: shares.negated(),
                for: movement.account
            )
            return try ledger.externalOutflow[Int(movement.asset.index)].adding(movement.amount)
        }
        return LedgerEffects()
    }

    private func requireLPValue(_ pool: Int, prices: PriceBook) throws -> Wad {
        guard let value = try pools[pool].lpValue(prices: prices) else {
            throw Rejection(.noPrice, "an asset the LPs hold has no valid price")
        }
        guard value.isPositive else {
            throw Rejection(.insufficientLiquidity, "the LPs' value is \(value); shares cannot be priced")
        }
        return value
    }
}

extension PoolState {
    /// Adds `amount` of a slot to the vault and the LPs' claim, and `shares` to the account's and the pool's totals
    /// (negative values take them away).
    mutating func moveLiquidity(_ amount: Wad, _ slot: Int, shares: Wad, for account: AccountID) throws {
        let row = touch(account)
        collateral[slot].vault = try collateral[slot].vault.adding(amount)
        collateral[slot].lpLiquidity = try collateral[slot].lpLiquidity.adding(amount)
        try setShares(row, to: accounts.rows[row].lpShares.adding(shares))
        lpShares = try lpShares.adding(shares)
    }
}
