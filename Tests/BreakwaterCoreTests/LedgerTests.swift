import BreakwaterCore
import Testing

@Suite struct LedgerTests {
    typealias P = TestProtocol
    let alice = AccountID(0)
    let bob = AccountID(1)
    let lp = AccountID(2)
    let t = Timestamp(milliseconds: 1_000)

    func funded(ethPrice: String = "1000") -> (Ledger, PriceBook) {
        var ledger = Ledger(config: P.config())
        let prices = P.prices(eth: P.wad(ethPrice))
        for pool in [P.main, P.side] {
            _ = ledger.apply(
                .lpAdd(AssetMovement(pool: pool, account: lp, asset: P.usdc, amount: Wad(1_000_000))),
                at: t,
                prices: prices
            )
        }
        return (ledger, prices)
    }

    @Test func depositThenWithdrawReturnsTheBalance() {
        var (ledger, prices) = funded()
        #expect(
            ledger.apply(
                .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(100))),
                at: t,
                prices: prices
            ).isApplied
        )
        #expect(
            ledger.apply(
                .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(100))),
                at: t,
                prices: prices
            ).isApplied
        )
        #expect(ledger.pool(P.main).accounts[alice] == nil)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func withdrawingBeyondTheBalanceIsABorrowAgainstHealth() throws {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.eth, amount: Wad(1))),
            at: t,
            prices: prices
        )
        // 1 ETH at 1000 with initial weight 0.8 supports 800 USDC of debt at liability weight 1.
        let borrow = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(800))),
            at: t,
            prices: prices
        )
        #expect(borrow.effects?.newBorrow == Wad(800))
        #expect(ledger.pool(P.main).collateral[0].borrowed == Wad(800))
        let more = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(raw: 1))),
            at: t,
            prices: prices
        )
        #expect(more.rejectionCode == .insufficientHealth)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func borrowingIsLimitedByThePoolsLiquidity() {
        var ledger = Ledger(config: P.config())
        let prices = P.prices(eth: Wad(1000))
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.eth, amount: Wad(1000))),
            at: t,
            prices: prices
        )
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: bob, asset: P.usdc, amount: Wad(50))),
            at: t,
            prices: prices
        )
        let outcome = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(51))),
            at: t,
            prices: prices
        )
        #expect(outcome.rejectionCode == .insufficientLiquidity)
    }

    @Test func aRefusedOperationChangesNothing() {
        var (ledger, prices) = funded()
        let before = ledger.pools
        let outcome = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(5))),
            at: t,
            prices: prices
        )
        #expect(outcome.rejectionCode == .insufficientHealth)
        #expect(ledger.pools == before)
    }

    @Test func closingATradeRealizesPnLAgainstTheLPs() {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(1_000))),
            at: t,
            prices: prices
        )
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: Wad(2))), at: t, prices: prices)
                .isApplied
        )
        let higher = P.prices(eth: Wad(1_100))
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: Wad(-2))), at: t, prices: higher)
                .isApplied
        )
        // +200 PnL, minus taker fees of 0.1 % on 2000 and on 2200 notional.
        let balance = ledger.pool(P.main).account(alice).balances[0]
        #expect(balance == P.wad("1195.8"))
        #expect(ledger.pool(P.main).marketBooks[0].longOpenInterest == .zero)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func unrealizedProfitCountsOnlyWhereTheMarketSaysSo() throws {
        var (ledger, prices) = funded()
        for (pool, market) in [(P.main, P.ethPerp), (P.side, P.sidePerp)] {
            _ = ledger.apply(
                .deposit(AssetMovement(pool: pool, account: alice, asset: P.usdc, amount: Wad(1_000))),
                at: t,
                prices: prices
            )
            #expect(
                ledger.apply(.trade(Trade(market: market, account: alice, size: Wad(5))), at: t, prices: prices)
                    .isApplied
            )
        }
        let pumped = P.prices(eth: Wad(2_000))
        let main = try ledger.health(of: alice, in: P.main, kind: .initial, prices: pumped)
        let side = try ledger.health(of: alice, in: P.side, kind: .initial, prices: pumped)
        // Same position, +5000 of paper profit: only the Mango-style market lets it back withdrawals.
        #expect(try side.subtracting(main) == Wad(5_000))
        let withdrawal = AssetMovement(pool: P.side, account: alice, asset: P.usdc, amount: Wad(4_000))
        #expect(ledger.apply(.withdraw(withdrawal), at: t, prices: pumped).isApplied)
        var mainWithdrawal = withdrawal
        mainWithdrawal.pool = P.main
        #expect(ledger.apply(.withdraw(mainWithdrawal), at: t, prices: pumped).rejectionCode == .insufficientHealth)
    }

    @Test func liquidationPaysBadDebtFromInsuranceThenLPs() throws {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: bob, asset: P.usdc, amount: Wad(100_000))),
            at: t,
            prices: prices
        )
        // Bob trades to put fees into the insurance fund.
        _ = ledger.apply(.trade(Trade(market: P.ethPerp, account: bob, size: Wad(50))), at: t, prices: prices)
        let insurance = ledger.pool(P.main).collateral[0].insurance
        #expect(insurance == Wad(10))
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(102))),
            at: t,
            prices: prices
        )
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: Wad(1))), at: t, prices: prices)
                .isApplied
        )
        let healthy = Liquidation(account: alice, pool: P.main)
        #expect(ledger.apply(.liquidate(healthy), at: t, prices: prices).rejectionCode == .accountHealthy)
        let crashed = P.prices(eth: Wad(700))
        let effects = try #require(ledger.apply(.liquidate(healthy), at: t, prices: crashed).effects)
        // Alice had 101 after her fee and loses 300: 199 of bad debt, the 10.2 of insurance first, the LPs the rest.
        #expect(effects.badDebt == Wad(199))
        #expect(effects.insurancePaid == P.wad("10.2"))
        #expect(effects.socializedLoss == P.wad("188.8"))
        #expect(ledger.pool(P.main).collateral[0].insurance == .zero)
        #expect(ledger.pool(P.main).accounts[alice] == nil)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func liquidationTakesOverCollateralAndChargesThePenalty() throws {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.eth, amount: Wad(1))),
            at: t,
            prices: prices
        )
        _ = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(800))),
            at: t,
            prices: prices
        )
        let fallen = P.prices(eth: Wad(850))
        let effects = try #require(
            ledger.apply(.liquidate(Liquidation(account: alice, pool: P.main)), at: t, prices: fallen).effects
        )
        #expect(effects.badDebt == .zero)
        // 1 ETH taken at 850 repays 800; a 5 % penalty on 850 (42.5) goes to insurance; 7.5 is left.
        #expect(ledger.pool(P.main).collateral[0].insurance == P.wad("42.5"))
        #expect(ledger.pool(P.main).account(alice).balances == [P.wad("7.5"), .zero])
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func lpSharesArePricedProRata() {
        var (ledger, prices) = funded()
        #expect(ledger.pool(P.main).lpShares == Wad(1_000_000))
        _ = ledger.apply(
            .lpAdd(AssetMovement(pool: P.main, account: bob, asset: P.eth, amount: Wad(100))),
            at: t,
            prices: prices
        )
        #expect(ledger.pool(P.main).account(bob).lpShares == Wad(100_000))
        let tooMuch = AssetMovement(pool: P.main, account: bob, asset: P.usdc, amount: Wad(100_001))
        #expect(ledger.apply(.lpRemove(tooMuch), at: t, prices: prices).rejectionCode == .insufficientShares)
        #expect(
            ledger.apply(
                .lpRemove(AssetMovement(pool: P.main, account: bob, asset: P.usdc, amount: Wad(100_000))),
                at: t,
                prices: prices
            ).isApplied
        )
        #expect(ledger.pool(P.main).account(bob).lpShares == .zero)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func fundingMovesFromTheHeavySideToThePool() throws {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(10_000))),
            at: t,
            prices: prices
        )
        _ = ledger.apply(.funding(market: P.ethPerp), at: t, prices: prices)
        _ = ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: Wad(10))), at: t, prices: prices)
        _ = ledger.apply(.funding(market: P.ethPerp), at: t.advanced(by: 3_600_000), prices: prices)
        // All longs: the full 0.1 % per hour on the 1000 mark, 1 USDC per ETH of position.
        #expect(ledger.pool(P.main).marketBooks[0].fundingIndex == Wad(1))
        let health = try ledger.health(of: alice, in: P.main, kind: .initial, prices: prices)
        // 10000 − 10 fee − 10 funding − 1000 initial margin.
        #expect(health == Wad(8_980))
    }

    @Test func transfersAreTheOnlyWayAcrossPools() {
        var (ledger, prices) = funded()
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(500))),
            at: t,
            prices: prices
        )
        let transfer = PoolTransfer(account: alice, asset: P.usdc, amount: Wad(200), fromPool: P.main, toPool: P.side)
        #expect(ledger.apply(.transfer(transfer), at: t, prices: prices).isApplied)
        #expect(ledger.pool(P.main).account(alice).balances[0] == Wad(300))
        #expect(ledger.pool(P.side).account(alice).balances[0] == Wad(200))
        var borrow = transfer
        borrow.amount = Wad(301)
        #expect(ledger.apply(.transfer(borrow), at: t, prices: prices).rejectionCode == .insufficientBalance)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func operationsWithoutAPriceAreRefused() {
        var (ledger, _) = funded()
        var noEth = P.prices(eth: Wad(1000))
        noEth.assetPrices[1] = nil
        noEth.markPrices = [nil, nil]
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.eth, amount: Wad(1))),
            at: t,
            prices: noEth
        )
        let outcome = ledger.apply(
            .withdraw(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: Wad(1))),
            at: t,
            prices: noEth
        )
        #expect(outcome.rejectionCode == .noPrice)
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: Wad(1))), at: t, prices: noEth)
                .rejectionCode == .noPrice
        )
    }

    @Test func overflowingAmountsAreRejectionsNotCrashes() {
        var (ledger, prices) = funded()
        let huge = Wad(raw: .max / 2)
        _ = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: huge)),
            at: t,
            prices: prices
        )
        let again = ledger.apply(
            .deposit(AssetMovement(pool: P.main, account: alice, asset: P.usdc, amount: huge)),
            at: t,
            prices: prices
        )
        #expect(again.rejectionCode == .overflow)
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: bob, size: huge)), at: t, prices: prices)
                .rejectionCode == .overflow
        )
        #expect(ledger.checkInvariants().isEmpty)
    }
}

extension LedgerTests {
    /// A negative account id, which no directory gives, is a typed rejection, never an index out of range.
    @Test func aNegativeAccountIDIsRefused() {
        var ledger = Ledger(config: P.config())
        let movement = AssetMovement(pool: P.main, account: AccountID(-3), asset: P.usdc, amount: Wad(10))
        let outcome = ledger.apply(
            .deposit(movement),
            at: Timestamp(milliseconds: 1),
            prices: P.prices(eth: Wad(1_000))
        )
        #expect(outcome.rejectionCode == .invalidAccount)
        #expect(ledger.pool(P.main).accounts.count == 0)
    }
}
