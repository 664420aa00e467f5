extension PoolState {
    /// ``Ledger/checkBooks(of:)`` for this pool: constant time, no copies, for the engine's per-event check.
    func checkBooks(config: ProtocolConfig) -> [InvariantViolation] {
        var violations: [InvariantViolation] = []
        func report(_ invariant: String, _ message: String) {
            violations.append(InvariantViolation(invariant: invariant, message: "pool \(config.pool(id).name): \(message)"))
        }
        for (slot, book) in collateral.enumerated() {
            let asset = config.asset(assets[slot]).name
            let claims = try? book.balanceTotal.adding(book.lpLiquidity).adding(book.insurance)
            if claims != book.vault {
                let total = claims.map(\.description) ?? "more than the fixed-point range"
                report("conservation", "\(asset) vault holds \(book.vault) but claims add up to \(total)")
            }
            if book.vault.isNegative { report("negative_balance", "\(asset) vault is \(book.vault)") }
            if book.insurance.isNegative { report("negative_balance", "\(asset) insurance fund is \(book.insurance)") }
            if book.borrowed.isNegative { report("negative_balance", "\(asset) borrow total is \(book.borrowed)") }
        }
        if accountShareTotal != lpShares {
            report("lp_shares", "accounts hold \(accountShareTotal) shares of \(lpShares)")
        }
        for (slot, book) in marketBooks.enumerated() where book.longOpenInterest.isNegative || book.shortOpenInterest.isNegative {
            report(
                "open_interest",
                "\(config.market(markets[slot]).name) records \(book.longOpenInterest) long / \(book.shortOpenInterest) short"
            )
        }
        return violations
    }
}
