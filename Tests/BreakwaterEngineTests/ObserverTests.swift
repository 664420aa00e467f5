import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys
import PropertyBased
import Testing

/// Observer mode: mined events are facts the engine applies to its mirror, saying where its own rules would have
/// refused them.
@Suite struct ObserverTests {
    let base = EngineTests()
    var usdc: AssetID { base.usdc }
    var pool: PoolID { base.pool }
    var alice: AccountID { base.alice }

    func makeEngine(observes: Bool) -> Engine {
        Engine(config: base.config(), configuration: .init(observes: observes), verifier: Ed25519Verifier())
    }

    func withdrawal(_ ms: Int64, _ amount: Int64, by account: AccountID? = nil) -> Event {
        base.event(
            ms,
            .withdraw(AssetMovement(pool: pool, account: account ?? alice, asset: usdc, amount: Wad(amount)))
        )
    }

    /// Mango in miniature: the price is pumped and the market halts; a mined withdrawal of the paper profit is what
    /// the engine refuses, so the observer applies it, raises `unsafe_effect`, and the default response pauses the
    /// pool.
    @Test func aMinedWithdrawalTheEngineWouldRefuseIsAppliedAndPausesThePool() throws {
        var engine = makeEngine(observes: true)
        for event in base.setup() { #expect(engine.apply(event).isAccepted) }
        #expect(engine.apply(base.event(3, .trade(Trade(market: base.perp, account: alice, size: Wad(50))))).isAccepted)
        for event in base.prices(10_000, 1_300) + base.prices(30_000, 1_300) { _ = engine.apply(event) }
        let vault = engine.ledger.pool(pool).collateral[0].vault

        let decision = engine.apply(withdrawal(31_001, 15_000))
        #expect(decision.isAccepted, "a mined withdrawal happened: \(String(describing: decision.rejection))")
        let signal = try #require(decision.signals.first { $0.kind == .unsafeEffect })
        #expect(signal.severity == .critical && signal.scope == .pool(pool) && signal.accounts == [alice])
        #expect(signal.evidence.hasPrefix("would refuse insufficient_health: withdrawing 15000 USDC"), "\(signal)")
        #expect(decision.actions.contains { $0.kind == .pause && $0.scope == .pool(pool) }, "\(decision.actions)")
        #expect(engine.ledger.pool(pool).collateral[0].vault == (try vault.subtracting(Wad(15_000))))
        #expect(engine.isPaused(pool))

        // Now paused: a mined deposit is still applied, and names both what refuses it.
        let deposit = engine.apply(
            base.event(31_002, .deposit(AssetMovement(pool: pool, account: base.lp, asset: usdc, amount: Wad(10))))
        )
        #expect(deposit.isAccepted)
        #expect(deposit.signals.map(\.kind) == [.unsafeEffect])
        #expect(deposit.signals.first?.evidence.hasPrefix("would refuse pool_paused: pool p is paused") == true)
        #expect(engine.invariantViolations.isEmpty)
        #expect(engine.incidents.count == 1, "one attack, one incident: \(engine.incidents.map(\.vector))")
    }

    /// What the mirror cannot apply at all is refused as it would be, with `model_divergence`, never skipped.
    @Test func whatTheMirrorCannotApplyIsAModelDivergence() throws {
        var engine = makeEngine(observes: true)
        let decision = engine.apply(withdrawal(1, 1))
        #expect(decision.rejection?.code == .insufficientLiquidity)
        let signal = try #require(decision.signals.first)
        #expect(decision.signals.count == 1 && signal.kind == .modelDivergence && signal.severity == .critical)
        #expect(signal.evidence.contains("insufficient_liquidity"), "\(signal.evidence)")
        let incident = try #require(engine.incidents.first)
        #expect(incident.vector == .modelDivergence && incident.detectedSequence == 1)
        #expect(decision.actions.isEmpty, "no default response: the protocol did nothing the engine knows is wrong")
    }

    /// Two implementations agree: on any stream, the observer decides exactly as the engine does up to the first
    /// event the engine refuses; that one the observer applies with `unsafe_effect` when a rule of the engine's
    /// refused it, and refuses with `model_divergence` when the mirror cannot apply it.
    @Test func anObserverDecidesAsTheEngineUntilTheEngineRefuses() async {
        let steps = Gen.int(in: 0..<4).array(of: 1...16)
        let amounts = Gen.int64(in: 1...30_000).array(of: 16)
        await propertyCheck(count: 200, input: steps, amounts) { steps, amounts in
            var engine = makeEngine(observes: false)
            var observer = makeEngine(observes: true)
            for event in base.setup() { _ = (engine.apply(event), observer.apply(event)) }
            for (index, step) in steps.enumerated() {
                let ms = Int64(10 + index)
                let amount = amounts[index]
                let event =
                    switch step {
                    case 0: withdrawal(ms, amount)
                    case 1:
                        base.event(
                            ms,
                            .deposit(AssetMovement(pool: pool, account: alice, asset: usdc, amount: Wad(amount)))
                        )
                    case 2:
                        base.event(ms, .trade(Trade(market: base.perp, account: alice, size: Wad(amount / 1_000 - 15))))
                    default: withdrawal(ms, amount * 40, by: base.lp)
                    }
                let decided = engine.apply(event)
                let observed = observer.apply(event)
                guard let rejection = decided.rejection else {
                    #expect(observed == decided)
                    continue
                }
                let kinds = observed.signals.map(\.kind)
                if observed.isAccepted {
                    #expect(kinds.contains(.unsafeEffect), "\(rejection) refused by a rule, applied as a fact")
                    #expect(!kinds.contains(.modelDivergence))
                } else {
                    #expect(observed.rejection == rejection && kinds.contains(.modelDivergence))
                }
                return
            }
        }
    }
}
