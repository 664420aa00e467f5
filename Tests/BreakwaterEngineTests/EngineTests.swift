import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys
import BreakwaterPipeline
import PropertyBased
import Testing

@Suite struct EngineTests {
    let usdc = AssetID(0)
    let eth = AssetID(1)
    let pool = PoolID(0)
    let perp = MarketID(0)
    let lp = AccountID(0)
    let alice = AccountID(1)

    func config() -> ProtocolConfig {
        var config = ProtocolConfig(
            name: "engine",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH")],
            feeds: [
                .init(name: "a", asset: AssetID(1)), .init(name: "b", asset: AssetID(1)),
                .init(name: "c", asset: AssetID(1)),
            ],
            pools: [
                .init(name: "p", quote: AssetID(0), collateral: [.init(asset: AssetID(0)), .init(asset: AssetID(1))])
            ],
            markets: [.init(name: "ETH-PERP", pool: PoolID(0), underlying: AssetID(1))]
        )
        config.markets[0].unrealizedProfitCounts = true
        return config
    }

    func event(_ ms: Int64, _ payload: Event.Payload) -> Event {
        Event(timestamp: Timestamp(milliseconds: ms), payload: payload)
    }

    func prices(_ ms: Int64, _ price: Int64) -> [Event] {
        (0..<3).map { event(ms, .oracle(OracleUpdate(feed: FeedID($0), asset: eth, price: Wad(price)))) }
    }

    func setup() -> [Event] {
        prices(0, 1_000) + [
            event(1, .lpAdd(AssetMovement(pool: pool, account: lp, asset: usdc, amount: Wad(1_000_000)))),
            event(2, .deposit(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(10_000)))),
        ]
    }

    /// The journal head after running `stream` through a fresh engine.
    func journalHead(_ stream: [Event]) -> String {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        var journal = JournalChain(header: JournalHeader(configYAML: ""))
        for event in stream { journal.record(event, engine.apply(event), accounts: []) }
        return journal.head
    }

    @Test func theSameStreamGivesTheSameDecisionsAndHead() {
        let stream =
            setup() + [event(3, .trade(Trade(market: perp, account: alice, size: Wad(5))))] + prices(10_000, 1_010)
        var first = Engine(config: config(), verifier: Ed25519Verifier())
        var second = Engine(config: config(), verifier: Ed25519Verifier())
        let decisions = stream.map { first.apply($0) }
        #expect(stream.map { second.apply($0) } == decisions)
        let head = journalHead(stream)
        #expect(journalHead(stream) == head)
        #expect(head.count == 64)
        #expect(journalHead(Array(stream.dropLast())) != head)
    }

    @Test func headsDependOnEveryEvent() async {
        await propertyCheck(count: 50, input: Gen.int64(in: 1...100_000)) { amount in
            let a =
                setup() + [
                    event(5, .deposit(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(amount))))
                ]
            let b =
                setup() + [
                    event(5, .deposit(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(amount + 1))))
                ]
            #expect(journalHead(a) != journalHead(b))
        }
    }

    @Test func aDecreasingTimestampIsRejected() {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        _ = engine.apply(event(10, .tick))
        #expect(engine.apply(event(9, .tick)).rejection?.code == .timeOrder)
        #expect(engine.apply(event(10, .tick)).isAccepted)
    }

    /// The engine keeps its prices between events; they must still go stale exactly when the feeds do: for
    /// trading after 30 s, for margin after 60 s.
    @Test func pricesGoStaleExactlyWithTheFeeds() {
        let oracle = config().oracle
        let trade = { (ms: Int64) in self.event(ms, .trade(Trade(market: self.perp, account: self.alice, size: Wad(1))))
        }
        let withdraw = { (ms: Int64) in
            self.event(
                ms,
                .withdraw(AssetMovement(pool: self.pool, account: self.alice, asset: self.usdc, amount: Wad(1)))
            )
        }
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        #expect(engine.apply(trade(oracle.tradingStalenessMilliseconds)).isAccepted)
        let stale = engine.apply(trade(oracle.tradingStalenessMilliseconds + 1))
        #expect(stale.rejection?.code == .priceNotValid)
        #expect(stale.rejection?.message.contains("stale_for_trading") == true)
        // Closing needs only a price margin may use.
        #expect(
            engine.apply(
                event(
                    oracle.tradingStalenessMilliseconds + 2,
                    .trade(Trade(market: perp, account: alice, size: Wad(-1)))
                )
            ).isAccepted
        )
        #expect(engine.apply(withdraw(oracle.maxStalenessMilliseconds)).isAccepted)
        let gone = engine.apply(withdraw(oracle.maxStalenessMilliseconds + 1))
        #expect(gone.signals.map(\.kind) == [.oracleUnavailable])
        #expect(engine.apply(trade(oracle.maxStalenessMilliseconds + 1)).rejection?.code == .priceNotValid)
        // One fresh feed prices the asset again at once.
        _ = engine.apply(
            event(
                oracle.maxStalenessMilliseconds + 2,
                .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_000)))
            )
        )
        #expect(engine.apply(trade(oracle.maxStalenessMilliseconds + 3)).isAccepted)
    }

    /// Drift's tolerances: a too-volatile price blocks withdrawals against it and liquidations, not deposits.
    @Test func aTooVolatilePriceBlocksMarginButNotDeposits() {
        var volatile = config()
        volatile.oracle.jumpFactor = Wad(100)
        volatile.policy = volatile.policy.disabled
        var engine = Engine(config: volatile, verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        _ = engine.apply(event(3, .deposit(AssetMovement(pool: pool, account: alice, asset: eth, amount: Wad(1)))))
        let signals = prices(4, 6_000).flatMap { engine.apply($0).signals }.filter { $0.severity > .info }
        #expect(signals.map(\.kind) == [.oracleTooVolatile])
        let withdrawal = engine.apply(
            event(5, .withdraw(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(1))))
        )
        #expect(withdrawal.rejection?.code == .noPrice)
        #expect(withdrawal.rejection?.message.contains("too_volatile") == true)
        #expect(engine.apply(event(6, .liquidate(Liquidation(account: alice, pool: pool)))).rejection?.code == .noPrice)
        #expect(
            engine.apply(event(7, .deposit(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(1)))))
                .isAccepted
        )
        #expect(
            engine.apply(event(8, .trade(Trade(market: perp, account: alice, size: Wad(1))))).rejection?.code
                == .priceNotValid
        )
    }

    /// With an audit every two events, a healthy stream still shows no violation: the running totals match the
    /// recount.
    @Test func frequentAuditsFindNothingOnAHealthyStream() {
        var engine = Engine(config: config(), configuration: .init(auditInterval: 2), verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        #expect(engine.invariantChecks > 0)
        #expect(engine.invariantViolations.isEmpty)
    }

    @Test func aPumpedPriceHaltsTheMarketAndOpensAContainedIncident() throws {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        #expect(engine.apply(event(3, .trade(Trade(market: perp, account: alice, size: Wad(50))))).isAccepted)
        var decisions: [Decision] = []
        for e in prices(10_000, 1_300) + prices(30_000, 1_300) { decisions.append(engine.apply(e)) }
        let actions = decisions.flatMap(\.actions).map(\.kind)
        #expect(actions == [.limitState, .halt])
        let incident = try #require(engine.incidents.first)
        #expect(incident.vector == .oracleManipulation)
        #expect(incident.containedAt == Timestamp(milliseconds: 10_000))
        // Halted: no trades; margin uses the clamped price, so the paper profit cannot be withdrawn.
        #expect(
            engine.apply(event(31_000, .trade(Trade(market: perp, account: alice, size: Wad(-1))))).rejection?.code
                == .marketHalted
        )
        let withdrawal = event(
            31_001,
            .withdraw(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(15_000)))
        )
        #expect(engine.apply(withdrawal).rejection?.code == .insufficientHealth)
        #expect(engine.invariantViolations.isEmpty)
    }

    @Test func withdrawalsBeyondTheOutflowLimitAreRefusedWithAnAction() {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        // Once the inflows' buffer has decayed (6 h), 20 % of 1,010,000 USDC may leave; one unit more is refused.
        let later: Int64 = 21_600_002
        let big = event(later, .lpRemove(AssetMovement(pool: pool, account: lp, asset: usdc, amount: Wad(202_001))))
        let decision = engine.apply(big)
        #expect(decision.rejection?.code == .outflowLimit)
        #expect(decision.actions.map(\.kind) == [.rateLimit])
        // No feed spoke for 6 h: each is a feed fault of its own, and the asset has no price.
        #expect(
            decision.signals.map(\.kind) == [.feedFault, .feedFault, .feedFault, .oracleUnavailable, .outflowLimit]
        )
        let exact = event(later, .lpRemove(AssetMovement(pool: pool, account: lp, asset: usdc, amount: Wad(202_000))))
        #expect(engine.apply(exact).isAccepted)
        #expect(engine.incidents.map(\.vector) == [.feedFault, .feedFault, .feedFault, .liquidityDrain])
    }

    @Test func withoutResponsesTheSameAttackGoesThrough() {
        var engine = Engine(config: config().unguarded, verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        _ = engine.apply(event(3, .trade(Trade(market: perp, account: alice, size: Wad(50)))))
        for e in prices(10_000, 1_300) + prices(30_000, 1_300) { #expect(engine.apply(e).actions.isEmpty) }
        let withdrawal = event(
            31_001,
            .withdraw(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(15_000)))
        )
        #expect(engine.apply(withdrawal).isAccepted)
        #expect(engine.incidents.isEmpty)
    }

    /// Regression: the flash-deposit bypass, end to end: deposit 5× the pool, take the pool, take the deposit back.
    @Test func aFlashDepositCannotDrainThePool() {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        for e in setup() { _ = engine.apply(e) }
        let later: Int64 = 21_600_002
        let whale = AccountID(9)
        _ = engine.apply(
            event(later, .deposit(AssetMovement(pool: pool, account: whale, asset: usdc, amount: Wad(5_050_000))))
        )
        let drain = engine.apply(
            event(later, .lpRemove(AssetMovement(pool: pool, account: lp, asset: usdc, amount: Wad(1_000_000))))
        )
        #expect(drain.isAccepted)
        let back = engine.apply(
            event(later, .withdraw(AssetMovement(pool: pool, account: whale, asset: usdc, amount: Wad(5_050_000))))
        )
        #expect(back.rejection?.code == .outflowLimit)
    }

    /// Regression: an empty vault or a same-pool transfer raised a critical outflow signal and a rate limit.
    @Test func whatTheVaultCannotPayIsTheLedgersToRefuse() {
        var engine = Engine(config: config(), verifier: Ed25519Verifier())
        let empty = engine.apply(
            event(1, .withdraw(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(1))))
        )
        #expect(empty.rejection?.code == .insufficientLiquidity)
        #expect(empty.signals.isEmpty && empty.actions.isEmpty)
        for e in setup() { _ = engine.apply(e) }
        let loop = engine.apply(
            event(5, .transfer(PoolTransfer(account: alice, asset: usdc, amount: Wad(1), fromPool: pool, toPool: pool)))
        )
        #expect(loop.rejection?.code == .invalidAmount)
        #expect(engine.incidents.isEmpty)
    }
}
