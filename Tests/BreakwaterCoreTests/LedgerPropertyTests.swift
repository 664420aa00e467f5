import BreakwaterCore
import PropertyBased
import Testing

/// Random operation sequences: every invariant holds after every step, refused operations change nothing,
/// and an operation on one pool leaves the other untouched.
@Suite struct LedgerPropertyTests {
    typealias P = TestProtocol

    /// Decodes one generated integer into an operation and maybe a new ETH price.
    static func operation(_ code: Int, price: inout Wad) -> Event.Payload? {
        let kind = code % 10
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
        case 3: return .trade(Trade(market: market, account: account, size: Wad(raw: Int128(sign * magnitude) * Wad.scale / 100)))
        case 4:
            let factor = Int128(80 + (code / 160) % 41)  // 0.80× … 1.20×
            price = Wad(raw: Swift.max(price.raw * factor / 100, Wad.scale))
            return nil
        case 5: return .liquidate(Liquidation(account: account, pool: pool))
        case 6: return .lpAdd(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 7: return .lpRemove(AssetMovement(pool: pool, account: account, asset: asset, amount: amount))
        case 8: return .funding(market: market)
        default:
            return .transfer(
                PoolTransfer(account: account, asset: asset, amount: amount, fromPool: pool, toPool: PoolID(1 - Int(pool.index)))
            )
        }
    }

    static func touchedPools(_ payload: Event.Payload) -> Set<PoolID> {
        switch payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): [m.pool]
        case .transfer(let t): [t.fromPool, t.toPool]
        case .trade(let t): [t.market == P.ethPerp ? P.main : P.side]
        case .liquidate(let l): [l.pool]
        case .funding(let m): [m == P.ethPerp ? P.main : P.side]
        case .oracle, .tick: []
        }
    }

    @Test func invariantsHoldAfterEveryOperation() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0 ... 100_000_000).array(of: 20 ... 120)) { codes in
            var ledger = Ledger(config: P.config())
            var price = Wad(1_000)
            var time = Timestamp(milliseconds: 0)
            for code in codes {
                time = time.advanced(by: 60_000)
                guard let payload = Self.operation(code, price: &price) else { continue }
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
                }
                for pool in ledger.pools {
                    #expect(pool.collateral.allSatisfy { !$0.vault.isNegative && !$0.insurance.isNegative })
                }
                if !violations.isEmpty { return }
            }
        }
    }
}
