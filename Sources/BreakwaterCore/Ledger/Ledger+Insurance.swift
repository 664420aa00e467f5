extension Ledger {
    /// The LPs' quote liquidity per LP share, or `nil` when the pool has no LP shares.
    public func liquidityPerShare(in pool: PoolID) -> Wad? {
        let state = pools[Int(pool.index)]
        guard state.lpShares.isPositive else { return nil }
        return try? state.collateral[state.quoteSlot].lpLiquidity.divided(by: state.lpShares, rounding: .down)
    }

    /// How much quote liquidity the LPs' shares now lack against `perShare`, the liquidity per share they once
    /// had: zero when they have at least as much.
    public func liquidityShortfall(in pool: PoolID, against perShare: Wad) -> Wad {
        let state = pools[Int(pool.index)]
        guard let now = liquidityPerShare(in: pool), now < perShare,
            let gap = try? perShare.subtracting(now),
            let shortfall = try? gap.multiplied(by: state.lpShares, rounding: .down)
        else { return .zero }
        return shortfall
    }

    /// A pool's insurance fund, in its quote asset.
    public func insuranceFund(of pool: PoolID) -> Wad {
        let state = pools[Int(pool.index)]
        return state.collateral[state.quoteSlot].insurance
    }

    /// Pays `amount` of a pool's insurance fund to its LPs: the fund's claim on the vault becomes theirs, shared pro
    /// rata by their shares. The vault does not change, so the pool's books stay balanced.
    ///
    /// - Throws: ``Rejection`` if `amount` is negative or above the fund, or the arithmetic overflows.
    public mutating func payInsurance(_ amount: Wad, in pool: PoolID) throws(Rejection) {
        let index = Int(pool.index)
        let slot = pools[index].quoteSlot
        var book = pools[index].collateral[slot]
        guard !amount.isNegative, amount <= book.insurance else {
            throw Rejection(.invalidAmount, "a payout of \(amount) from an insurance fund of \(book.insurance)")
        }
        do {
            book.insurance = try book.insurance.subtracting(amount)
            book.lpLiquidity = try book.lpLiquidity.adding(amount)
        } catch {
            throw Rejection(error)
        }
        pools[index].collateral[slot] = book
    }
}
