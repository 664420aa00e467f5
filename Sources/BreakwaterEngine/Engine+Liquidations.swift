public import BreakwaterCore
import BreakwaterDetection

/// Per pool, what became of the liquidations the stream asked for: a blocked liquidation of an account under water is
/// bad debt the LPs may carry, a false positive of the guards as surely as a false pause.
public struct LiquidationTally: Sendable, Hashable, Codable {
    /// Liquidations carried out.
    public var executed = 0
    /// The bad debt they left: what the accounts owed beyond what they held (the insurance fund, then the LPs, paid).
    public var badDebt = Wad.zero
    /// Liquidations refused while the account was under water at the guarded price (the median of its feeds, whatever
    /// its validity, with marks unclamped): refused by a guard, not by the ledger's judgement at the true price.
    public var refusedDue = 0
    /// ``refusedDue`` by the code of the refusal: `liquidation_grace`, `no_price` (a too-volatile or missing price),
    /// `account_healthy` (healthy only at a mark the band clamped), ….
    public var refusedDueByCode: [String: Int] = [:]
}

extension Engine {
    /// Counts a liquidation's outcome; a refused one only if the account is under water at the guarded price.
    mutating func tally(_ liquidation: Liquidation, _ decision: Decision) {
        let pool = Int(liquidation.pool.index)
        guard case .rejected(let rejection) = decision.outcome else {
            liquidations[pool].executed += 1
            // Bad debt is far below any overflow; a sum that does overflow keeps the last total.
            if let total = try? liquidations[pool].badDebt.adding(decision.effects.badDebt) {
                liquidations[pool].badDebt = total
            }
            return
        }
        let book = guardedPrices(replacing: { _ in true })
        guard
            let health = try? ledger.health(
                of: liquidation.account,
                in: liquidation.pool,
                kind: .maintenance,
                prices: book
            ),
            health.isNegative
        else { return }
        liquidations[pool].refusedDue += 1
        liquidations[pool].refusedDueByCode[rejection.code.rawValue, default: 0] += 1
    }

    /// The prices a liquidation in `pool` is judged at: ``prices``, except that an asset under market stress is at its
    /// guarded price (too volatile or not) and its markets' marks are not clamped to their bands. A grace period and
    /// a clamp protect accounts from a price that was just manipulated, not from a move the whole market confirms.
    mutating func liquidationPrices(in pool: PoolID) -> PriceBook {
        guard isStressed(pool) else { return prices }
        return guardedPrices(replacing: { stressedAssets[Int($0.index)] })
    }

    /// Whether an asset of the pool, held or traded, is under market stress.
    mutating func isStressed(_ pool: PoolID) -> Bool {
        collateralAssets[Int(pool.index)].contains { stressedAssets[Int($0.index)] }
            || marketsOfPool[Int(pool.index)].contains { stressedAssets[Int(underlyingOfMarket[Int($0.index)].index)] }
    }

    /// ``prices`` with the assets `replaced` selects at their guarded price and their markets' marks unclamped.
    private func guardedPrices(replacing replaced: (AssetID) -> Bool) -> PriceBook {
        var book = prices
        for asset in config.assetIDs where replaced(asset) {
            guard let price = oracleGuard.price(of: asset) else { continue }
            book.assetPrices[Int(asset.index)] = price
            for market in marketsOfAsset[Int(asset.index)] { book.markPrices[Int(market.index)] = price }
        }
        return book
    }

    /// Notes whether a price signal's move read as stress for its asset: until a later one reads otherwise.
    mutating func noteStress(of reading: MoveReading) {
        stressedAssets[Int(reading.asset.index)] = reading.isStress
    }
}
