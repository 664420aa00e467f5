import Testing

@testable import BreakwaterCore

/// The constant-time books check and the full audit catch a ledger whose claims no longer add up.
@Suite struct BooksCheckTests {
    typealias P = TestProtocol
    let pool = PoolID(0)

    func funded() -> Ledger {
        var ledger = Ledger(config: P.config())
        let prices = P.prices(eth: P.wad("1000"))
        _ = ledger.apply(
            .lpAdd(AssetMovement(pool: pool, account: AccountID(2), asset: P.usdc, amount: P.wad("100000"))),
            at: Timestamp(milliseconds: 1),
            prices: prices
        )
        _ = ledger.apply(
            .deposit(AssetMovement(pool: pool, account: AccountID(0), asset: P.usdc, amount: P.wad("1000"))),
            at: Timestamp(milliseconds: 2),
            prices: prices
        )
        return ledger
    }

    @Test func aHealthyLedgerPassesBoth() {
        let ledger = funded()
        #expect(ledger.checkBooks(of: pool).isEmpty)
        #expect(ledger.checkInvariants().isEmpty)
    }

    @Test func tokensAppearingInTheVaultBreakConservationInBoth() {
        var ledger = funded()
        ledger.pools[0].collateral[0].vault = P.wad("101001")
        #expect(ledger.checkBooks(of: pool).map(\.invariant) == ["conservation"])
        #expect(ledger.checkInvariants().map(\.invariant).contains("conservation"))
    }

    /// A balance changed without its running total: only the recount can see it.
    @Test func aBalanceOffItsRunningTotalIsCaughtByTheAudit() throws {
        var ledger = funded()
        let row = try #require(ledger.pools[0].accounts.row(of: AccountID(0)))
        ledger.pools[0].accounts.rows[row].balances[0] = P.wad("999")
        #expect(ledger.checkBooks(of: pool).isEmpty)
        #expect(ledger.checkInvariants(of: pool).map(\.invariant) == ["conservation"])
    }

    /// Each total the books check must see turn negative, with the vault still matching its claims where it can:
    /// the quick test of balanced books and the worded check agree on every one.
    @Test(arguments: ["vault", "insurance", "borrowed", "optionEscrow", "long", "short"])
    func aNegativeTotalBreaksTheBooks(_ total: String) {
        var ledger = funded()
        let minus = P.wad("-1")
        switch total {
        case "vault":
            ledger.pools[0].collateral[1].vault = minus
            ledger.pools[0].collateral[1].lpLiquidity = minus
        case "insurance":
            ledger.pools[0].collateral[0].insurance = minus
            ledger.pools[0].collateral[0].lpLiquidity = P.wad("100001")
        case "borrowed": ledger.pools[0].collateral[0].borrowed = minus
        case "optionEscrow":
            ledger.pools[0].collateral[0].optionEscrow = minus
            ledger.pools[0].collateral[0].lpLiquidity = P.wad("100001")
        case "long": ledger.pools[0].marketBooks[0].longOpenInterest = minus
        default: ledger.pools[0].marketBooks[0].shortOpenInterest = minus
        }
        let expected = total == "long" || total == "short" ? "open_interest" : "negative_balance"
        #expect(ledger.checkBooks(of: pool).map(\.invariant) == [expected])
    }

    @Test func sharesMintedWithoutAnAccountBreakTheShareBook() {
        var ledger = funded()
        ledger.pools[0].lpShares = P.wad("1")
        #expect(ledger.checkBooks(of: pool).map(\.invariant) == ["lp_shares"])
    }

    @Test func escrowTakenFromASeriesBreaksItsCoverAndTheEscrowBook() {
        var ledger = funded()
        let put = OptionSeries(
            market: P.ethOptions,
            type: .put,
            strike: P.wad("900"),
            expiry: Timestamp(milliseconds: 10_000)
        )
        let write = OptionWrite(series: put, account: AccountID(0), size: P.wad("1"))
        #expect(
            ledger.apply(.optionWrite(write), at: Timestamp(milliseconds: 3), prices: P.prices(eth: P.wad("1000")))
                .isApplied
        )
        #expect(ledger.checkOptionSeries(put).isEmpty)
        ledger.pools[0].optionSeries[0].escrow = P.wad("899")
        #expect(ledger.checkOptionSeries(put).map(\.invariant) == ["option_cover"])
        #expect(ledger.checkInvariants(of: pool).map(\.invariant) == ["option_cover", "conservation"])
    }

    @Test func anOptionHeldWithoutBeingWrittenBreaksTheOpenInterest() {
        var ledger = funded()
        let call = OptionSeries(
            market: P.ethOptions,
            type: .call,
            strike: P.wad("900"),
            expiry: Timestamp(milliseconds: 10_000)
        )
        _ = ledger.apply(
            .deposit(AssetMovement(pool: pool, account: AccountID(0), asset: P.eth, amount: P.wad("1"))),
            at: Timestamp(milliseconds: 3),
            prices: P.prices(eth: P.wad("1000"))
        )
        _ = ledger.apply(
            .optionWrite(OptionWrite(series: call, account: AccountID(0), size: P.wad("1"))),
            at: Timestamp(milliseconds: 3),
            prices: P.prices(eth: P.wad("1000"))
        )
        ledger.pools[0].optionSeries[0].held = P.wad("2")
        #expect(ledger.checkOptionSeries(call).map(\.invariant) == ["option_interest"])
        #expect(ledger.checkInvariants(of: pool).map(\.invariant) == ["option_interest", "option_interest"])
    }
}
