import BreakwaterCore
import PropertyBased
import Testing

/// Random operation sequences mixing deposits, borrows, perps, liquidations, LP flows, transfers and options:
/// every invariant holds after every step, refused operations change nothing, an operation on one pool leaves the
/// other untouched, and options only move funds inside their pool, down to an empty escrow once all is settled.
@Suite struct LedgerPropertyTests {
    typealias P = TestProtocol

    /// Decodes one generated integer into an operation and maybe a new ETH price.
    static func operation(_ code: Int, price: inout Wad) -> Event.Payload? {
        let kind = code % 15
        let account = AccountID((code / 10) % 4)
        let pool = PoolID((code / 40) % 2)
        let asset = AssetID((code / 80) % 2)
        let magnitude = Int64((code / 160) % 5_000 + 1)
        let amount = Wad(raw: Int128(magnitude) * Wad.scale / (asset == P.eth ? 100 : 1))
        let market = pool == P.main ? P.ethPerp : P.sidePerp
        let sign: Int64 = (code / 800_000) % 2 == 0 ? 1 : -1
        switch kind {
        case 0, 1: return .deposit(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 2: return .withdraw(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 3:
            return .trade(
                Trade(market: market, account: account, size: Wad(raw: Int128(sign * magnitude) * Wad.scale / 100))
            )
        case 4:
            let factor = Int128(80 + (code / 160) % 41)  // 0.80× … 1.20×
            price = Wad(raw: Swift.max(price.raw * factor / 100, Wad.scale))
            return nil
        case 5: return .liquidate(Liquidation(account: account, pool: pool))
        case 6: return .lpAdd(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 7: return .lpRemove(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 8: return .funding(market: market)
        case 9:
            return .transfer(
                PoolTransfer(
                    account: account,
                    asset: asset,
                    amount: amount,
                    fromPool: pool,
                    toPool: PoolID(1 - Int(pool.index))
                )
            )
        default:
            let series = Self.series(code, pool: pool)
            let size = Wad(raw: Int128(magnitude) * Wad.scale / 10_000)
            switch kind {
            case 10, 11: return .optionWrite(OptionWrite(series: series, account: account, size: size))
            case 12:
                let seller = AccountID((Int(account.index) + 1) % 4)
                let premium = Wad(raw: Int128(magnitude) * Wad.scale / 10)
                return .optionBuy(
                    OptionPurchase(series: series, account: account, seller: seller, size: size, premium: premium)
                )
            case 13: return .optionExpire(series)
            default: return .optionSettle(OptionSettlement(series: series, account: account))
            }
        }
    }

    /// A call or a put per pool, struck at the starting price and expiring after an hour, so that sequences write,
    /// trade, expire and settle the same few series.
    static func series(_ code: Int, pool: PoolID) -> OptionSeries {
        OptionSeries(
            market: pool == P.main ? P.ethOptions : P.sideOptions,
            type: (code / 7) % 2 == 0 ? .call : .put,
            strike: Wad(1_000),
            expiry: Timestamp(milliseconds: 3_600_000)
        )
    }

    /// An account other than `buyer` that holds options of the series, and how many, so that generated purchases
    /// can succeed.
    static func holder(of series: OptionSeries, in ledger: Ledger, besides buyer: AccountID) -> (AccountID, Wad)? {
        let pool = ledger.pool(optionPool(series))
        guard let slot = pool.slot(of: series) else { return nil }
        return pool.accounts.ids.sorted().lazy.map { ($0, pool.account($0).holding(ofSeries: slot).held) }
            .first { $0.0 != buyer && $0.1.isPositive }
    }

    static func optionPool(_ series: OptionSeries) -> PoolID { series.market == P.ethOptions ? P.main : P.side }

    static func touchedPools(_ payload: Event.Payload) -> Set<PoolID> {
        switch payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): [m.pool]
        case .transfer(let t): [t.fromPool, t.toPool]
        case .trade(let t): [t.market == P.ethPerp ? P.main : P.side]
        case .liquidate(let l): [l.pool]
        case .funding(let m): [m == P.ethPerp ? P.main : P.side]
        case .optionWrite(let w): [optionPool(w.series)]
        case .optionBuy(let b): [optionPool(b.series)]
        case .optionSettle(let s): [optionPool(s.series)]
        case .optionExpire(let series): [optionPool(series)]
        case .oracle, .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note: []
        }
    }

    @Test func invariantsHoldAfterEveryOperation() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...100_000_000).array(of: 20...120)) { codes in
            var ledger = Ledger(config: P.config())
            var price = Wad(1_000)
            var time = Timestamp(milliseconds: 0)
            for code in codes {
                time = time.advanced(by: 60_000)
                guard var payload = Self.operation(code, price: &price) else { continue }
                if case .optionBuy(var purchase) = payload,
                    let (seller, held) = Self.holder(of: purchase.series, in: ledger, besides: purchase.account)
                {
                    purchase.seller = seller
                    purchase.size = Wad.min(purchase.size, held)
                    payload = .optionBuy(purchase)
                }
                let before = ledger.pools
                let outcome = ledger.apply(payload, at: time, prices: P.prices(eth: price))
                let violations = ledger.checkInvariants()
                #expect(violations.isEmpty, "after \(payload): \(violations)")
                switch outcome {
                case .rejected:
                    #expect(ledger.pools == before, "a refused \(payload) changed the ledger")
                case .applied:
                    for pool in P.config().poolIDs where !Self.touchedPools(payload).contains(pool) {
                        #expect(ledger.pool(pool) == before[Int(pool.index)], "\(payload) touched pool \(pool.index)")
                    }
                    if payload.isOption {
                        #expect(
                            ledger.pools.map(\.collateral).map { $0.map(\.vault) }
                                == before.map(\.collateral).map { $0.map(\.vault) }
                        )
                    }
                }
                for pool in ledger.pools {
                    #expect(pool.collateral.allSatisfy { !$0.vault.isNegative && !$0.insurance.isNegative })
                }
                if !violations.isEmpty { return }
            }
            Self.settleEverything(&ledger, after: time, price: price)
            #expect(ledger.checkInvariants().isEmpty)
            for pool in ledger.pools {
                #expect(pool.collateral.allSatisfy { $0.optionEscrow.isZero }, "escrow left after settling everything")
                #expect(pool.optionSeries.allSatisfy { $0.written.isZero && $0.held.isZero })
            }
        }
    }

    /// Expires every series and settles every holding.
    static func settleEverything(_ ledger: inout Ledger, after time: Timestamp, price: Wad) {
        let late = Swift.max(time, Timestamp(milliseconds: 3_600_000))
        for pool in ledger.pools {
            for book in pool.optionSeries where book.settlement == nil {
                #expect(ledger.apply(.optionExpire(book.series), at: late, prices: P.prices(eth: price)).isApplied)
            }
            for (account, state) in pool.accounts {
                for holding in state.options {
                    let settlement = OptionSettlement(
                        series: pool.optionSeries[holding.seriesSlot].series,
                        account: account
                    )
                    #expect(ledger.apply(.optionSettle(settlement), at: late, prices: P.prices(eth: price)).isApplied)
                }
            }
        }
    }
}

extension Event.Payload {
    var isOption: Bool {
        switch self {
        case .optionWrite, .optionBuy, .optionSettle, .optionExpire: true
        default: false
        }
    }
}
