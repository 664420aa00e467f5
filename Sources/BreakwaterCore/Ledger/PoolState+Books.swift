extension PoolState {
    /// ``Ledger/checkBooks(of:)`` on a pool's parts: constant time, for the engine's per-event check.
    static func checkBooks(
        of id: PoolID,
        collateral: [CollateralBook],
        marketBooks: [MarketBook],
        lpShares: Wad,
        accountShareTotal: Wad,
        config: ProtocolConfig
    ) -> [InvariantViolation] {
        let pool = config.pool(id)
        var violations: [InvariantViolation] = []
        func report(_ invariant: String, _ message: String) {
            violations.append(InvariantViolation(invariant: invariant, message: "pool \(pool.name): \(message)"))
        }
        for (slot, book) in collateral.enumerated() {
            var asset: String { config.asset(pool.collateral[slot].asset).name }
            let claims = book.claims
            if claims != book.vault {
                let total = claims.map(\.description) ?? "more than the fixed-point range"
                report("conservation", "\(asset) vault holds \(book.vault) but claims add up to \(total)")
            }
            if book.vault.isNegative { report("negative_balance", "\(asset) vault is \(book.vault)") }
            if book.insurance.isNegative { report("negative_balance", "\(asset) insurance fund is \(book.insurance)") }
            if book.borrowed.isNegative { report("negative_balance", "\(asset) borrow total is \(book.borrowed)") }
            if book.optionEscrow.isNegative {
                report("negative_balance", "\(asset) option escrow is \(book.optionEscrow)")
            }
        }
        if accountShareTotal != lpShares {
            report("lp_shares", "accounts hold \(accountShareTotal) shares of \(lpShares)")
        }
        for (slot, book) in marketBooks.enumerated()
        where book.longOpenInterest.isNegative || book.shortOpenInterest.isNegative {
            report(
                "open_interest",
                "\(config.market(config.markets(in: id)[slot]).name) records \(book.longOpenInterest) long / \(book.shortOpenInterest) short"
            )
        }
        return violations
    }
}

extension CollateralBook {
    /// The sum of the claims on the vault, or `nil` when it leaves the fixed-point range.
    var claims: Wad? { try? balanceTotal.adding(lpLiquidity).adding(insurance).adding(optionEscrow) }

    /// Whether the slot's claims add up to its vault and none of its totals is negative.
    var isBalanced: Bool {
        claims == vault && !vault.isNegative && !insurance.isNegative && !borrowed.isNegative
            && !optionEscrow.isNegative
    }
}

extension MarketBook {
    /// Whether neither side's open interest is negative.
    var isBalanced: Bool { !longOpenInterest.isNegative && !shortOpenInterest.isNegative }
}

extension OptionSeriesBook {
    /// The constant-time checks of one series: open interest and cover.
    ///
    /// - option_interest: before expiry, every written option is held (`written == held`), neither negative;
    /// - option_cover: the escrow covers every claim still open (``requiredEscrow()``).
    /// `name` is worded only for a violation.
    func violations(describedAs name: () -> String) -> [(invariant: String, message: String)] {
        var violations: [(String, String)] = []
        if written.isNegative || held.isNegative || (settlement == nil && written != held) {
            violations.append(("option_interest", "\(name()): \(written) written, \(held) held"))
        }
        let required = try? requiredEscrow()
        if required.map({ escrow < $0 }) ?? true {
            let needed = required.map(\.description) ?? "more than the fixed-point range"
            violations.append(("option_cover", "\(name()): escrow \(escrow) does not cover \(needed)"))
        }
        return violations
    }
}
