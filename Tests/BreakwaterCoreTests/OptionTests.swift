import BreakwaterCore
import Testing

@Suite struct OptionTests {
    typealias P = TestProtocol
    let alice = AccountID(0)
    let bob = AccountID(1)
    let lp = AccountID(2)
    let carol = AccountID(3)
    let t = Timestamp(milliseconds: 1_000)
    let expiry = Timestamp(milliseconds: 100_000)

    func funded() -> (Ledger, PriceBook) {
        var ledger = Ledger(config: P.config())
        let prices = P.prices(eth: Wad(1_000))
        for pool in [P.main, P.side] {
            _ = ledger.apply(
                .lpAdd(AssetMovement(pool: pool, account: lp, asset: P.usdc, amount: Wad(1_000_000))),
                at: t,
                prices: prices
            )
        }
        return (ledger, prices)
    }

    func series(_ type: OptionType, strike: String) -> OptionSeries {
        OptionSeries(market: P.ethOptions, type: type, strike: P.wad(strike), expiry: expiry)
    }

    func deposit(_ ledger: inout Ledger, _ account: AccountID, _ asset: AssetID, _ amount: String) {
        let movement = AssetMovement(pool: P.main, account: account, asset: asset, amount: P.wad(amount))
        #expect(ledger.apply(.deposit(movement), at: t, prices: P.prices(eth: Wad(1_000))).isApplied)
    }

    func balances(_ ledger: Ledger, _ account: AccountID) -> [Wad] { ledger.pool(P.main).account(account).balances }

    @Test func aPutLocksItsStrikeAndPaysTheHolderInQuote() {
        var (ledger, prices) = funded()
        let put = series(.put, strike: "900")
        deposit(&ledger, bob, P.usdc, "5000")
        deposit(&ledger, alice, P.usdc, "100")
        #expect(
            ledger.apply(.optionWrite(OptionWrite(series: put, account: bob, size: Wad(5))), at: t, prices: prices)
                .isApplied
        )
        #expect(balances(ledger, bob)[0] == Wad(500))
        #expect(ledger.pool(P.main).collateral[0].optionEscrow == Wad(4_500))
        let purchase = OptionPurchase(series: put, account: alice, seller: bob, size: Wad(5), premium: Wad(60))
        #expect(ledger.apply(.optionBuy(purchase), at: t, prices: prices).isApplied)
        #expect(balances(ledger, alice)[0] == Wad(40))
        #expect(balances(ledger, bob)[0] == Wad(560))

        #expect(ledger.apply(.optionExpire(put), at: expiry, prices: P.prices(eth: Wad(800))).isApplied)
        // 100 per put to the holder, the other 800 of each strike back to the writer, whatever the price is later.
        for account in [alice, bob] {
            #expect(
                ledger.apply(.optionSettle(OptionSettlement(series: put, account: account)), at: expiry, prices: prices)
                    .isApplied
            )
        }
        #expect(balances(ledger, alice)[0] == Wad(540))
        #expect(balances(ledger, bob)[0] == Wad(4_560))
        #expect(ledger.pool(P.main).collateral[0].optionEscrow == .zero)
        #expect(ledger.pool(P.main).accounts[alice]?.options.isEmpty == true)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func aCallLocksTheUnderlyingAndTheLPsPayItsPayoffInQuote() {
        var (ledger, prices) = funded()
        let call = series(.call, strike: "1000")
        deposit(&ledger, bob, P.eth, "10")
        deposit(&ledger, alice, P.usdc, "500")
        #expect(
            ledger.apply(.optionWrite(OptionWrite(series: call, account: bob, size: Wad(4))), at: t, prices: prices)
                .isApplied
        )
        #expect(balances(ledger, bob) == [.zero, Wad(6)])
        let purchase = OptionPurchase(series: call, account: alice, seller: bob, size: Wad(4), premium: Wad(200))
        #expect(ledger.apply(.optionBuy(purchase), at: t, prices: prices).isApplied)

        #expect(ledger.apply(.optionExpire(call), at: expiry, prices: P.prices(eth: Wad(1_250))).isApplied)
        for account in [alice, bob] {
            #expect(
                ledger.apply(
                    .optionSettle(OptionSettlement(series: call, account: account)),
                    at: expiry,
                    prices: prices
                ).isApplied
            )
        }
        // 250 per call: 0.2 ETH each, 0.8 ETH in all, which the LPs buy for 1000 USDC paid to Alice.
        #expect(balances(ledger, alice) == [Wad(1_300), .zero])
        #expect(balances(ledger, bob) == [Wad(200), P.wad("9.2")])
        #expect(ledger.pool(P.main).collateral[1].lpLiquidity == P.wad("0.8"))
        #expect(ledger.pool(P.main).collateral[0].lpLiquidity == Wad(999_000))
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func anOutOfTheMoneyCallReturnsEverythingToTheWriter() {
        var (ledger, prices) = funded()
        let call = series(.call, strike: "1500")
        deposit(&ledger, bob, P.eth, "1")
        _ = ledger.apply(.optionWrite(OptionWrite(series: call, account: bob, size: Wad(1))), at: t, prices: prices)
        _ = ledger.apply(
            .optionBuy(OptionPurchase(series: call, account: alice, seller: bob, size: Wad(1), premium: .zero)),
            at: t,
            prices: prices
        )
        _ = ledger.apply(.optionExpire(call), at: expiry, prices: P.prices(eth: Wad(1_499)))
        for account in [alice, bob] {
            #expect(
                ledger.apply(
                    .optionSettle(OptionSettlement(series: call, account: account)),
                    at: expiry,
                    prices: prices
                ).isApplied
            )
        }
        #expect(ledger.pool(P.main).accounts[alice] == nil)
        #expect(balances(ledger, bob) == [.zero, Wad(1)])
    }

    @Test func roundingDustGoesToTheInsuranceFundWhenTheLastClaimSettles() {
        var (ledger, prices) = funded()
        let call = series(.call, strike: "2")
        deposit(&ledger, bob, P.eth, "1")
        _ = ledger.apply(.optionWrite(OptionWrite(series: call, account: bob, size: Wad(1))), at: t, prices: prices)
        for buyer in [alice, carol] {
            let half = OptionPurchase(series: call, account: buyer, seller: bob, size: P.wad("0.5"), premium: .zero)
            #expect(ledger.apply(.optionBuy(half), at: t, prices: prices).isApplied)
        }
        _ = ledger.apply(.optionExpire(call), at: expiry, prices: P.prices(eth: Wad(3)))
        // Each holder takes 0.5 × 0.333333333333333333 = 0.1666666666666666665, rounded down; the writer 2/3, rounded
        // down to 0.666666666666666666: 2 units of 10^-18 are left.
        for account in [alice, bob, carol] {
            #expect(
                ledger.apply(
                    .optionSettle(OptionSettlement(series: call, account: account)),
                    at: expiry,
                    prices: prices
                ).isApplied
            )
            #expect(ledger.checkInvariants().isEmpty)
        }
        #expect(ledger.pool(P.main).optionSeries[0].escrow == .zero)
        #expect(ledger.pool(P.main).collateral[1].optionEscrow == .zero)
        #expect(ledger.pool(P.main).collateral[1].insurance == Wad(raw: 2))
    }

    @Test func seriesTradeStrictlyBeforeExpiryAndSettleOnlyAfterItsPriceIsFixed() {
        var (ledger, prices) = funded()
        let put = series(.put, strike: "900")
        deposit(&ledger, bob, P.usdc, "2000")
        let write = OptionWrite(series: put, account: bob, size: Wad(1))
        let settle = OptionSettlement(series: put, account: bob)
        #expect(ledger.apply(.optionExpire(put), at: expiry, prices: prices).rejectionCode == .unknownSeries)
        #expect(ledger.apply(.optionWrite(write), at: expiry, prices: prices).rejectionCode == .seriesExpired)
        #expect(ledger.apply(.optionWrite(write), at: expiry.advanced(by: -1), prices: prices).isApplied)
        let purchase = OptionPurchase(series: put, account: alice, seller: bob, size: Wad(1), premium: .zero)
        #expect(ledger.apply(.optionBuy(purchase), at: expiry, prices: prices).rejectionCode == .seriesExpired)
        #expect(
            ledger.apply(.optionExpire(put), at: expiry.advanced(by: -1), prices: prices).rejectionCode
                == .seriesNotExpired
        )
        #expect(ledger.apply(.optionSettle(settle), at: expiry, prices: prices).rejectionCode == .seriesNotExpired)
        #expect(ledger.apply(.optionExpire(put), at: expiry, prices: prices).isApplied)
        #expect(ledger.apply(.optionExpire(put), at: expiry, prices: prices).rejectionCode == .seriesExpired)
        #expect(
            ledger.apply(.optionWrite(write), at: expiry.advanced(by: -1), prices: prices).rejectionCode
                == .seriesExpired
        )
        let nobody = OptionSettlement(series: put, account: alice)
        #expect(ledger.apply(.optionSettle(nobody), at: expiry, prices: prices).rejectionCode == .nothingToSettle)
        #expect(ledger.apply(.optionSettle(settle), at: expiry, prices: prices).isApplied)
        #expect(ledger.apply(.optionSettle(settle), at: expiry, prices: prices).rejectionCode == .nothingToSettle)
    }

    @Test func writesAreFullyCollateralizedAndSalesNeedTheOptions() {
        var (ledger, prices) = funded()
        let put = series(.put, strike: "900")
        deposit(&ledger, bob, P.usdc, "899.999999999999999999")
        let write = OptionWrite(series: put, account: bob, size: Wad(1))
        // A writer cannot borrow its collateral, however healthy.
        deposit(&ledger, bob, P.eth, "100")
        #expect(ledger.apply(.optionWrite(write), at: t, prices: prices).rejectionCode == .insufficientBalance)
        deposit(&ledger, bob, P.usdc, "0.000000000000000001")
        #expect(ledger.apply(.optionWrite(write), at: t, prices: prices).isApplied)
        let tooMany = OptionPurchase(
            series: put,
            account: alice,
            seller: bob,
            size: P.wad("1.000000000000000001"),
            premium: .zero
        )
        #expect(ledger.apply(.optionBuy(tooMany), at: t, prices: prices).rejectionCode == .insufficientOptions)
        let fromItself = OptionPurchase(series: put, account: bob, seller: bob, size: Wad(1), premium: .zero)
        #expect(ledger.apply(.optionBuy(fromItself), at: t, prices: prices).rejectionCode == .invalidAmount)
        let negative = OptionPurchase(series: put, account: alice, seller: bob, size: Wad(1), premium: Wad(-1))
        #expect(ledger.apply(.optionBuy(negative), at: t, prices: prices).rejectionCode == .invalidAmount)
        // The premium is a borrow of the quote asset against the buyer's health.
        let unfunded = OptionPurchase(series: put, account: alice, seller: bob, size: Wad(1), premium: Wad(10))
        #expect(ledger.apply(.optionBuy(unfunded), at: t, prices: prices).rejectionCode == .insufficientHealth)
        deposit(&ledger, alice, P.eth, "1")
        #expect(ledger.apply(.optionBuy(unfunded), at: t, prices: prices).isApplied)
        #expect(ledger.pool(P.main).collateral[0].borrowed == Wad(10))
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func expiredClaimsCountInHealthAndLiquidationSettlesThem() throws {
        var (ledger, prices) = funded()
        let put = series(.put, strike: "810")
        deposit(&ledger, bob, P.usdc, "810")
        deposit(&ledger, alice, P.usdc, "100")
        _ = ledger.apply(.optionWrite(OptionWrite(series: put, account: bob, size: Wad(1))), at: t, prices: prices)
        _ = ledger.apply(
            .optionBuy(OptionPurchase(series: put, account: alice, seller: bob, size: Wad(1), premium: Wad(5))),
            at: t,
            prices: prices
        )
        #expect(
            ledger.apply(.trade(Trade(market: P.ethPerp, account: alice, size: P.wad("0.9"))), at: t, prices: prices)
                .isApplied
        )
        let crashed = P.prices(eth: Wad(800))
        // Before expiry the put counts nothing: 94.1 − 90 of loss − 36 of maintenance margin.
        #expect(try ledger.health(of: alice, in: P.main, kind: .maintenance, prices: crashed) == P.wad("-121.9"))
        #expect(try ledger.health(of: bob, in: P.main, kind: .maintenance, prices: crashed) == Wad(5))
        _ = ledger.apply(.optionExpire(put), at: expiry, prices: crashed)
        // After: the holder's 10 of payoff and the writer's 800 of collateral are claims that count.
        #expect(try ledger.health(of: alice, in: P.main, kind: .maintenance, prices: crashed) == P.wad("-111.9"))
        #expect(try ledger.health(of: bob, in: P.main, kind: .maintenance, prices: crashed) == Wad(805))

        let effects = try #require(
            ledger.apply(.liquidate(Liquidation(account: alice, pool: P.main)), at: expiry, prices: crashed).effects
        )
        // 94.1 − 180 realized + 10 settled: 75.9 of bad debt.
        #expect(effects.badDebt == P.wad("75.9"))
        #expect(ledger.pool(P.main).accounts[alice] == nil)
        #expect(ledger.pool(P.main).optionSeries[0].held == .zero)
        #expect(ledger.pool(P.main).optionSeries[0].escrow == Wad(800))
        #expect(ledger.checkInvariants().isEmpty)
    }

    /// Regression: a full liquidation socialized an account's debt while it held options that paid it later.
    @Test func debtStaysOnAnAccountWhoseOptionsHaveNotSettled() throws {
        var (ledger, prices) = funded()
        let put = series(.put, strike: "1000")
        deposit(&ledger, bob, P.usdc, "2000")
        deposit(&ledger, alice, P.eth, "1")
        _ = ledger.apply(.optionWrite(OptionWrite(series: put, account: bob, size: Wad(2))), at: t, prices: prices)
        // Alice borrows the premium against her ETH: 800 of initial value, 750 of debt.
        let purchase = OptionPurchase(series: put, account: alice, seller: bob, size: Wad(2), premium: Wad(750))
        #expect(ledger.apply(.optionBuy(purchase), at: t, prices: prices).isApplied)
        let crashed = P.prices(eth: Wad(700))
        let effects = try #require(
            ledger.apply(.liquidate(Liquidation(account: alice, pool: P.main)), at: t, prices: crashed).effects
        )
        // Her ETH repays 700 (no penalty: nothing is left to take it from); 50 of debt stays with her puts.
        #expect(effects.badDebt == .zero)
        #expect(balances(ledger, alice) == [Wad(-50), .zero])
        _ = ledger.apply(.optionExpire(put), at: expiry, prices: crashed)
        #expect(
            ledger.apply(.optionSettle(OptionSettlement(series: put, account: alice)), at: expiry, prices: crashed)
                .isApplied
        )
        // The puts pay 600: the debt is repaid first.
        #expect(balances(ledger, alice) == [Wad(550), .zero])
        #expect(ledger.checkInvariants().isEmpty)
    }
}
