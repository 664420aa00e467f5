extension Ledger {
    /// The constant-time invariants of one pool, checked on the running totals the ledger keeps as it goes.
    ///
    /// - conservation: per asset, `vault = Σ balances + LP liquidity + insurance + option escrow`, with
    ///   `Σ balances` the pool's running ``CollateralBook/balanceTotal``;
    /// - negative_balance: no vault, insurance fund, borrow total, option escrow or open interest is negative;
    /// - lp_shares: the accounts' running share total equals the pool's.
    ///
    /// Every operation must move amounts between claims consistently for these to hold. ``checkInvariants(of:)``
    /// adds the audit that recounts the running totals from the accounts.
    public func checkBooks(of poolID: PoolID) -> [InvariantViolation] {
        let index = Int(poolID.index)
        // The books almost always hold: check them before wording anything. The pool's parts are read in place, as a
        // method on the whole pool would copy it.
        if pools[index].accountShareTotal == pools[index].lpShares, pools[index].collateral.allSatisfy(\.isBalanced),
            pools[index].marketBooks.allSatisfy(\.isBalanced)
        {
            return []
        }
        return PoolState.checkBooks(
            of: poolID,
            collateral: pools[index].collateral,
            marketBooks: pools[index].marketBooks,
            lpShares: pools[index].lpShares,
            accountShareTotal: pools[index].accountShareTotal,
            config: config
        )
    }

    /// Audits one pool: ``checkBooks(of:)``, then a recount of every running total from the accounts.
    ///
    /// - conservation: the accounts' balances add up to the running balance total;
    /// - borrow_book: the pool's borrow total equals the sum of negative balances;
    /// - lp_shares: the accounts' shares add up to the pool's total, none negative;
    /// - open_interest: long and short open interest equal the sums of the positions;
    /// - option_interest, option_cover: every option series passes ``checkOptionSeries(_:)``, its written and held
    ///   totals equal the sums of the holdings, and each slot's option escrow equals the sum of its series' escrows.
    ///
    /// It costs time in proportion to the pool's accounts; an empty result means all hold.
    public func checkInvariants(of poolID: PoolID) -> [InvariantViolation] {
        let pool = self.pool(poolID)
        var violations = checkBooks(of: poolID)
        func report(_ invariant: String, _ message: String) {
            violations.append(
                InvariantViolation(invariant: invariant, message: "pool \(config.pool(poolID).name): \(message)")
            )
        }
        do {
            var balances = Array(repeating: Wad.zero, count: pool.assets.count)
            var debts = balances
            var shares = Wad.zero
            var longs = Array(repeating: Wad.zero, count: pool.markets.count)
            var shorts = longs
            var written = Array(repeating: Wad.zero, count: pool.optionSeries.count)
            var held = written
            for (accountID, account) in pool.accounts {
                for (slot, balance) in account.balances.enumerated() {
                    balances[slot] = try balances[slot].adding(balance)
                    if balance.isNegative { debts[slot] = try debts[slot].subtracting(balance) }
                }
                if account.lpShares.isNegative {
                    report("lp_shares", "account #\(accountID.index) holds negative shares")
                }
                shares = try shares.adding(account.lpShares)
                for (slot, position) in account.positions.enumerated() {
                    if position.size.isPositive { longs[slot] = try longs[slot].adding(position.size) }
                    if position.size.isNegative { shorts[slot] = try shorts[slot].subtracting(position.size) }
                }
                for holding in account.options {
                    written[holding.seriesSlot] = try written[holding.seriesSlot].adding(holding.written)
                    held[holding.seriesSlot] = try held[holding.seriesSlot].adding(holding.held)
                }
            }
            for slot in pool.assets.indices {
                let asset = config.asset(pool.assets[slot]).name
                if balances[slot] != pool.collateral[slot].balanceTotal {
                    report(
                        "conservation",
                        "\(asset) balances add up to \(balances[slot]), the running total is \(pool.collateral[slot].balanceTotal)"
                    )
                }
                if debts[slot] != pool.collateral[slot].borrowed {
                    report(
                        "borrow_book",
                        "\(asset) borrows recorded \(pool.collateral[slot].borrowed), balances owe \(debts[slot])"
                    )
                }
            }
            if shares != pool.accountShareTotal {
                report("lp_shares", "accounts hold \(shares) shares, the running total is \(pool.accountShareTotal)")
            }
            for slot in pool.markets.indices
            where longs[slot] != pool.marketBooks[slot].longOpenInterest
                || shorts[slot] != pool.marketBooks[slot].shortOpenInterest
            {
                report(
                    "open_interest",
                    "\(config.market(pool.markets[slot]).name) records \(pool.marketBooks[slot].longOpenInterest) long / "
                        + "\(pool.marketBooks[slot].shortOpenInterest) short, positions add up to \(longs[slot]) / \(shorts[slot])"
                )
            }
            var escrows = Array(repeating: Wad.zero, count: pool.assets.count)
            for (slot, book) in pool.optionSeries.enumerated() {
                let name = describe(book.series)
                for (invariant, message) in book.violations(describedAs: { name }) { report(invariant, message) }
                if written[slot] != book.written || held[slot] != book.held {
                    report(
                        "option_interest",
                        "\(name) records \(book.written) written / \(book.held) held, holdings add up to \(written[slot]) / \(held[slot])"
                    )
                }
                escrows[book.collateralSlot] = try escrows[book.collateralSlot].adding(book.escrow)
            }
            for slot in pool.assets.indices where escrows[slot] != pool.collateral[slot].optionEscrow {
                report(
                    "conservation",
                    "\(config.asset(pool.assets[slot]).name) option escrow is \(pool.collateral[slot].optionEscrow), series escrows add up to \(escrows[slot])"
                )
            }
        } catch {
            report("arithmetic", "overflow while summing: \(error)")
        }
        return violations
    }

    /// The constant-time checks of one option series (option_interest, option_cover); empty when it holds or
    /// was never written.
    public func checkOptionSeries(_ series: OptionSeries) -> [InvariantViolation] {
        let pool = config.optionMarket(series.market).pool
        let index = Int(pool.index)
        guard let slot = pools[index].slot(of: series) else { return [] }
        return pools[index].optionSeries[slot].violations(describedAs: { describe(series) }).map {
            InvariantViolation(invariant: $0.invariant, message: "pool \(config.pool(pool).name): \($0.message)")
        }
    }

    /// Audits every pool, then ``checkIsolation()``.
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
                    if let slot = pool.slot(of: asset) { held = try held.adding(pool.collateral[slot].vault) }
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
