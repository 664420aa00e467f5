extension Ledger {
    /// Checks every ledger invariant of one pool; an empty result means all hold.
    ///
    /// - conservation: per asset, `vault = Σ balances + LP liquidity + insurance`;
    /// - negative_balance: no vault or insurance fund is negative (account balances may be, as recorded borrows);
    /// - borrow_book: the pool's borrow total equals the sum of negative balances;
    /// - lp_shares: the shares of the accounts add up to the pool's total, none negative;
    /// - open_interest: long and short open interest equal the sums of the positions.
    public func checkInvariants(of poolID: PoolID) -> [InvariantViolation] {
        let pool = self.pool(poolID)
        let name = config.pool(poolID).name
        var violations: [InvariantViolation] = []
        func report(_ invariant: String, _ message: String) {
            violations.append(InvariantViolation(invariant: invariant, message: "pool \(name): \(message)"))
        }
        do {
            var claims = pool.lpLiquidity
            var debts = Array(repeating: Wad.zero, count: pool.assets.count)
            var shares = Wad.zero
            var longs = Array(repeating: Wad.zero, count: pool.markets.count)
            var shorts = longs
            for (accountID, account) in pool.accounts {
                for (slot, balance) in account.balances.enumerated() {
                    claims[slot] = try claims[slot].adding(balance)
                    if balance.isNegative { debts[slot] = try debts[slot].subtracting(balance) }
                }
                if account.lpShares.isNegative { report("lp_shares", "account #\(accountID.index) holds negative shares") }
                shares = try shares.adding(account.lpShares)
                for (slot, position) in account.positions.enumerated() {
                    if position.size.isPositive { longs[slot] = try longs[slot].adding(position.size) }
                    if position.size.isNegative { shorts[slot] = try shorts[slot].subtracting(position.size) }
                }
            }
            for slot in pool.assets.indices {
                let asset = config.asset(pool.assets[slot]).name
                claims[slot] = try claims[slot].adding(pool.insurance[slot])
                if claims[slot] != pool.vault[slot] {
                    report("conservation", "\(asset) vault holds \(pool.vault[slot]) but claims add up to \(claims[slot])")
                }
                if pool.vault[slot].isNegative { report("negative_balance", "\(asset) vault is \(pool.vault[slot])") }
                if pool.insurance[slot].isNegative {
                    report("negative_balance", "\(asset) insurance fund is \(pool.insurance[slot])")
                }
                if debts[slot] != pool.borrowed[slot] {
                    report("borrow_book", "\(asset) borrows recorded \(pool.borrowed[slot]), balances owe \(debts[slot])")
                }
            }
            if shares != pool.lpShares { report("lp_shares", "accounts hold \(shares) shares of \(pool.lpShares)") }
            for slot in pool.markets.indices
            where longs[slot] != pool.longOpenInterest[slot] || shorts[slot] != pool.shortOpenInterest[slot] {
                report(
                    "open_interest",
                    "\(config.market(pool.markets[slot]).name) records \(pool.longOpenInterest[slot]) long / "
                        + "\(pool.shortOpenInterest[slot]) short, positions add up to \(longs[slot]) / \(shorts[slot])"
                )
            }
        } catch {
            report("arithmetic", "overflow while summing: \(error)")
        }
        return violations
    }

    /// Checks every pool, then ``checkIsolation()``.
    public func checkInvariants() -> [InvariantViolation] {
        config.poolIDs.flatMap(checkInvariants(of:)) + checkIsolation()
    }

    /// Isolation: per asset, the vaults of all pools together hold exactly what entered the protocol minus what
    /// left it, so no funds moved between pools except through transfers.
    public func checkIsolation() -> [InvariantViolation] {
        var violations: [InvariantViolation] = []
        for asset in config.assetIDs {
            let index = Int(asset.index)
            do {
                var held = Wad.zero
                for pool in pools {
                    if let slot = pool.slot(of: asset) { held = try held.adding(pool.vault[slot]) }
                }
                let expected = try externalInflow[index].subtracting(externalOutflow[index])
                if held != expected {
                    violations.append(
                        InvariantViolation(
                            invariant: "isolation",
                            message: "\(config.asset(asset).name): pools hold \(held), net inflow is \(expected)"
                        )
                    )
                }
            } catch {
                violations.append(InvariantViolation(invariant: "arithmetic", message: "overflow: \(error)"))
            }
        }
        return violations
    }
}
