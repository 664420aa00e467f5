import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys
import Testing

/// The response table, end to end: signals turn into scoped restrictions that refuse what they should, lift
/// when they should, and only governance lifts a pause.
@Suite struct ContainmentTests {
    let usdc = AssetID(0)
    let eth = AssetID(1)
    let pool = PoolID(0)
    let perp = MarketID(0)
    let lp = AccountID(0)
    let alice = AccountID(1)
    let whale = AccountID(9)

    func config(responses: [ResponseRule] = ResponseRule.defaults, enforce: Bool = true) -> ProtocolConfig {
        var config = ProtocolConfig(
            name: "containment",
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
        config.policy.responses = responses
        config.policy.enforce = enforce
        return config
    }

    func event(_ ms: Int64, block: Int64? = nil, _ payload: Event.Payload) -> Event {
        Event(
            timestamp: Timestamp(milliseconds: ms),
            provenance: block.map { Event.Provenance(block: $0) },
            payload: payload
        )
    }

    func prices(_ ms: Int64, _ price: Int64) -> [Event] {
        (0..<3).map { event(ms, .oracle(OracleUpdate(feed: FeedID($0), asset: eth, price: Wad(price)))) }
    }

    func usdcMovement(_ account: AccountID, _ amount: Int64) -> AssetMovement {
        AssetMovement(pool: pool, account: account, asset: usdc, amount: Wad(amount))
    }

    func engine(_ config: ProtocolConfig) -> Engine {
        var engine = Engine(config: config, verifier: Ed25519Verifier())
        let setup =
            prices(0, 1_000) + [
                event(1, .lpAdd(usdcMovement(lp, 1_000_000))),
                event(2, .deposit(usdcMovement(alice, 10_000))),
            ]
        for e in setup { #expect(engine.apply(e).isAccepted) }
        return engine
    }

    /// A deposit and a withdrawal of 200,000 in one block: the flash-loan shape.
    func flashLoan(at ms: Int64) -> [Event] {
        [
            event(ms, block: 5, .deposit(usdcMovement(whale, 200_000))),
            event(ms, block: 5, .withdraw(usdcMovement(whale, 200_000))),
        ]
    }

    @Test func aPauseStopsEntriesAndExitsUntilGovernanceLiftsIt() {
        let rule = ResponseRule(signal: .flashLoan, minimumSeverity: .warning, response: .pausePool, blocksExits: true)
        var engine = engine(config(responses: [rule]))
        let decisions = flashLoan(at: 10).map { engine.apply($0) }
        #expect(decisions[1].isAccepted, "the exit that showed the shape went through; what follows is stopped")
        #expect(decisions[1].signals.map(\.kind) == [.flashLoan])
        #expect(decisions[1].actions.map(\.kind) == [.pause])
        #expect(engine.apply(event(11, .deposit(usdcMovement(alice, 1)))).rejection?.code == .poolPaused)
        let exit = engine.apply(event(12, .withdraw(usdcMovement(alice, 1))))
        #expect(exit.rejection?.code == .poolPaused)
        #expect(exit.rejection?.message.contains("until governance unpauses it") == true)
        // Time alone never lifts a pause.
        #expect(engine.apply(event(100_000_000, .deposit(usdcMovement(alice, 1)))).rejection?.code == .poolPaused)
        let unpause = engine.apply(event(100_000_001, .governance(GovernanceAction(kind: .unpause, pool: pool))))
        #expect(unpause.isAccepted)
        #expect(unpause.actions.map(\.actor) == [.governance])
        #expect(engine.apply(event(100_000_002, .deposit(usdcMovement(alice, 1)))).isAccepted)
        let twice = engine.apply(event(100_000_003, .governance(GovernanceAction(kind: .unpause, pool: pool))))
        #expect(twice.rejection?.code == .nothingToLift)
        #expect(engine.incidents.first?.isContained == true)
    }

    @Test func theDefaultTableFreezesAFlashLoanerForAnHour() {
        var engine = engine(config())
        let decisions = flashLoan(at: 10).map { engine.apply($0) }
        #expect(decisions[1].actions.map(\.kind) == [.freeze])
        #expect(decisions[1].actions.first?.scope.account == whale)
        _ = engine.apply(event(11, .deposit(usdcMovement(whale, 1_000))))
        #expect(engine.apply(event(12, .withdraw(usdcMovement(whale, 1)))).rejection?.code == .accountFrozen)
        #expect(engine.apply(event(13, .withdraw(usdcMovement(alice, 1)))).isAccepted, "only that account")
        #expect(
            engine.apply(event(10 + 3_600_000, .withdraw(usdcMovement(whale, 1)))).rejection?.code == .accountFrozen
        )
        let thawed = engine.apply(event(11 + 3_600_000, .withdraw(usdcMovement(whale, 1))))
        #expect(thawed.actions.map(\.kind) == [.unfreeze])
        #expect(thawed.isAccepted)
    }

    @Test func aHaltRunsItsTimeThenLiquidationsWaitOutTheGrace() {
        var config = config(responses: [
            ResponseRule(
                signal: .oracleTooVolatile,
                minimumSeverity: .critical,
                response: .halt,
                durationMilliseconds: 1_000
            )
        ])
        config.oracle.jumpFactor = Wad(100)
        config.policy.priceBand.isEnabled = false
        var engine = engine(config)
        #expect(engine.apply(event(3, .trade(Trade(market: perp, account: alice, size: Wad(5))))).isAccepted)
        let actions = prices(4, 6_000).flatMap { engine.apply($0).actions }
        #expect(actions.map(\.kind) == [.halt])
        let halted = engine.apply(event(5, .trade(Trade(market: perp, account: alice, size: Wad(-1)))))
        #expect(halted.rejection?.code == .marketHalted)
        for e in prices(6, 1_000) { _ = engine.apply(e) }
        #expect(engine.apply(event(1_004, .tick)).actions.isEmpty, "the halt lasts through its end time")
        let resumed = engine.apply(event(1_005, .liquidate(Liquidation(account: alice, pool: pool))))
        #expect(resumed.actions.map(\.kind) == [.resume])
        #expect(resumed.rejection?.code == .liquidationGrace)
        let graceEnd = 1_005 + config.policy.liquidationGraceMilliseconds
        #expect(
            engine.apply(event(graceEnd, .liquidate(Liquidation(account: alice, pool: pool)))).rejection?.code
                == .liquidationGrace
        )
        for e in prices(graceEnd, 1_000) { _ = engine.apply(e) }
        #expect(
            engine.apply(event(graceEnd + 1, .liquidate(Liquidation(account: alice, pool: pool)))).rejection?.code
                == .accountHealthy
        )
    }

    @Test func inShadowModeEverythingIsReportedAndNothingRefused() {
        let rule = ResponseRule(signal: .flashLoan, minimumSeverity: .warning, response: .pausePool, blocksExits: true)
        var engine = engine(config(responses: [rule], enforce: false))
        let decisions = flashLoan(at: 10).map { engine.apply($0) }
        #expect(decisions[1].actions.map(\.kind) == [.pause])
        #expect(decisions[1].actions.map(\.isEnforced) == [false])
        #expect(engine.apply(event(11, .deposit(usdcMovement(alice, 1)))).isAccepted)
        #expect(engine.apply(event(12, .withdraw(usdcMovement(alice, 1)))).isAccepted)
        #expect(engine.incidents.count == 1)
    }

    @Test func aTrippedFeedComesBackOnlyThroughGovernance() {
        var engine = engine(config())
        let trip = engine.apply(event(3, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(2_000)))))
        #expect(trip.rejection?.code == .oracleJump)
        #expect(
            engine.apply(event(4, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_000))))).rejection?
                .code == .oracleJump
        )
        let reset = engine.apply(event(5, .governance(GovernanceAction(kind: .resetFeed, feed: FeedID(0)))))
        #expect(reset.actions.map(\.kind) == [.resetFeed])
        #expect(
            engine.apply(event(6, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_001))))).isAccepted
        )
        #expect(
            engine.apply(event(7, .governance(GovernanceAction(kind: .resetFeed, feed: FeedID(0))))).rejection?.code
                == .nothingToLift
        )
    }
}
