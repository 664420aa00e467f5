import BreakwaterCore
import Testing

@testable import BreakwaterEngine

@Suite struct IncidentTrackerTests {
    func config() -> ProtocolConfig {
        ProtocolConfig(
            name: "two pools",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH"), .init(name: "MNGO")],
            feeds: [],
            pools: [
                .init(
                    name: "main",
                    quote: AssetID(0),
                    collateral: [.init(asset: AssetID(0)), .init(asset: AssetID(1))]
                ),
                .init(
                    name: "alts",
                    quote: AssetID(0),
                    collateral: [.init(asset: AssetID(0)), .init(asset: AssetID(2))]
                ),
            ],
            markets: []
        )
    }

    func signal(
        _ kind: Signal.Kind,
        _ scope: Scope,
        _ severity: Signal.Severity = .warning,
        accounts: [AccountID] = []
    ) -> Signal {
        Signal(kind: kind, scope: scope, severity: severity, evidence: "test", accounts: accounts)
    }

    func at(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }

    @Test func repeatsWithinTheCooldownAreCountedNotListed() {
        var tracker = IncidentTracker(config: config())
        let outflow = signal(.outflowLimit, Scope(pool: PoolID(0), function: .withdraw), .critical)
        tracker.record(outflow, at: at(0), sequence: 1)
        tracker.record(outflow, at: at(299_999), sequence: 2)
        tracker.record(outflow, at: at(600_000), sequence: 3)
        #expect(tracker.incidents.count == 1)
        #expect(tracker.incidents[0].signals.map(\.sequence) == [1, 3], "the cooldown runs from the last listed one")
        #expect(tracker.incidents[0].repeatedSignals == 1)
    }

    @Test func anAssetSignalJoinsThePoolThatUsesTheAsset() {
        var tracker = IncidentTracker(config: config())
        tracker.record(signal(.priceBandBreach, Scope(pool: PoolID(1))), at: at(0), sequence: 1)
        tracker.record(signal(.oracleTooVolatile, .asset(AssetID(2)), .critical), at: at(1), sequence: 2)
        #expect(tracker.incidents.count == 1)
        #expect(tracker.incidents[0].vector == .oracleManipulation)
        // USDC is in both pools: a USDC signal is the protocol's.
        tracker.record(signal(.oracleUnavailable, .asset(AssetID(0))), at: at(2), sequence: 3)
        #expect(tracker.incidents.map(\.scope) == [.pool(PoolID(1)), .wholeProtocol])
    }

    @Test func anActorCarriesItsIncidentAcrossPools() {
        var tracker = IncidentTracker(config: config())
        let mallory = AccountID(7)
        tracker.record(
            signal(.washTrading, Scope(pool: PoolID(1)), accounts: [mallory, AccountID(8)]),
            at: at(0),
            sequence: 1
        )
        tracker.record(signal(.flashLoan, Scope(pool: PoolID(0), account: mallory)), at: at(10), sequence: 2)
        #expect(tracker.incidents.count == 1)
        #expect(tracker.incidents[0].accounts == [mallory, AccountID(8)])
        #expect(tracker.incidents[0].vector == .liquidityDrain, "the flash loan is the stronger vector")
        // Quiet for longer than the window: a new incident.
        tracker.record(signal(.flashLoan, Scope(pool: PoolID(0), account: mallory)), at: at(3_600_011), sequence: 3)
        #expect(tracker.incidents.count == 2)
    }

    /// The lifecycle steps the journal records: opened, reclassified by a stronger signal, contained once.
    @Test func stepsAreTakenWhenAnIncidentOpensChangesVectorAndIsContained() {
        var tracker = IncidentTracker(config: config())
        let pool = Scope(pool: PoolID(1))
        #expect(tracker.record(signal(.volumeAnomaly, pool), at: at(0), sequence: 1)?.kind == .opened)
        #expect(tracker.record(signal(.volumeAnomaly, pool, .critical), at: at(1), sequence: 2) == nil, "same vector")
        let halt = Action(kind: .halt, scope: Scope(pool: PoolID(1), market: MarketID(1)), reason: "band")
        #expect(
            tracker.record(halt, at: at(2), sequence: 3) == [
                IncidentStep(
                    kind: .contained,
                    incident: "INC-0001",
                    vector: .oracleManipulation,
                    scope: .pool(PoolID(1))
                )
            ]
        )
        #expect(tracker.record(halt, at: at(3), sequence: 4).isEmpty, "contained once")
        let drain = tracker.record(signal(.flashLoan, pool), at: at(4), sequence: 5)
        #expect(drain?.kind == .reclassified && drain?.vector == .liquidityDrain)
        #expect(
            tracker.record(signal(.volumeAnomaly, pool), at: at(5), sequence: 6) == nil,
            "a weaker signal changes nothing"
        )
    }

    /// Regressions from review: a protocol-wide pause contains the pool incident it answers; a freeze of an account
    /// goes to the incident naming it, not to an open protocol-wide one; lifting a pool's pause resolves every
    /// contained incident of the pool, not only the latest.
    @Test func actionsGoToTheIncidentsTheyAnswer() {
        var tracker = IncidentTracker(config: config())
        let mallory = AccountID(7)
        tracker.record(signal(.invariantViolation, Scope(pool: PoolID(0)), .critical), at: at(0), sequence: 1)
        let pause = Action(kind: .pause, scope: .wholeProtocol, reason: "invariant")
        #expect(tracker.record(pause, at: at(0), sequence: 1).map(\.kind) == [.contained])
        tracker.record(signal(.oracleDivergent, .wholeProtocol, .critical), at: at(10), sequence: 2)
        tracker.record(signal(.flashLoan, Scope(pool: PoolID(1), account: mallory)), at: at(20), sequence: 3)
        let freeze = Action(kind: .freeze, scope: Scope(account: mallory), actor: .guardian, reason: "guardians")
        let frozen = tracker.record(freeze, at: at(30), sequence: 4)
        #expect(frozen.map(\.incident) == ["INC-0003"], "the incident naming mallory")
        // Later, a second incident in pool 0, contained too; one lift resolves both.
        tracker.record(signal(.flashLoan, Scope(pool: PoolID(0), account: mallory)), at: at(8_000_000), sequence: 5)
        tracker.record(
            Action(kind: .freeze, scope: Scope(pool: PoolID(0), account: mallory), reason: "auto"),
            at: at(8_000_000),
            sequence: 5
        )
        let lift = Action(kind: .unpause, scope: .pool(PoolID(0)), actor: .governance, reason: "dao")
        let resolved = tracker.record(lift, at: at(9_000_000), sequence: 6)
        #expect(resolved.map(\.kind) == [.resolved, .resolved])
        #expect(Set(resolved.map(\.incident)) == ["INC-0001", "INC-0004"])
    }

    @Test func infoSignalsNeverOpenAnIncident() {
        var tracker = IncidentTracker(config: config())
        tracker.record(signal(.oracleDivergent, .asset(AssetID(1)), .info), at: at(0), sequence: 1)
        #expect(tracker.incidents.isEmpty)
    }
}

/// A feed's fault: an incident of its own per feed, resolved when the feed counts again, or part of an attack.
@Suite struct FeedFaultIncidentTests {
    let fixture = IncidentTrackerTests()
    let mngo = AssetID(2)

    func fault(_ feed: Int, _ kind: Signal.Kind = .feedFault) -> Signal {
        fixture.signal(kind, .feed(FeedID(feed), of: mngo), kind == .feedFault ? .warning : .info)
    }

    @Test func eachFeedHasItsOwnIncidentThatItsReturnResolves() throws {
        var tracker = IncidentTracker(config: fixture.config())
        let opened = tracker.record(fault(0), at: fixture.at(0), sequence: 1)
        #expect(opened?.kind == .opened && opened?.vector == .feedFault)
        #expect(tracker.record(fault(1), at: fixture.at(5), sequence: 2)?.kind == .opened, "another feed: another")
        // Hours later, with no activity in between, the feed's return still finds its incident.
        let resolved = tracker.record(fault(0, .feedRestored), at: fixture.at(10_000_000), sequence: 3)
        #expect(resolved?.kind == .resolved && resolved?.incident == "INC-0001")
        #expect(tracker.incidents.map(\.resolvedAt) == [fixture.at(10_000_000), nil])
        let first = tracker.incidents[0]
        #expect(first.scope == .feed(FeedID(0), of: mngo) && first.severity == .warning)
        #expect(first.signals.map(\.signal.kind) == [.feedFault, .feedRestored])
        // A new fault of the same feed is a new incident.
        #expect(tracker.record(fault(0), at: fixture.at(10_000_001), sequence: 4)?.incident == "INC-0003")
    }

    @Test func aFeedsFaultJoinsAnAttackOpenOnItsPoolButNotAnotherIncident() {
        var tracker = IncidentTracker(config: fixture.config())
        tracker.record(fixture.signal(.liquidationCascade, .pool(PoolID(1))), at: fixture.at(0), sequence: 1)
        #expect(tracker.record(fault(0), at: fixture.at(1), sequence: 2)?.kind == .opened, "a cascade is no attack")
        tracker.record(fixture.signal(.priceBandBreach, .pool(PoolID(1))), at: fixture.at(2), sequence: 3)
        #expect(tracker.incidents[0].vector == .oracleManipulation)
        #expect(tracker.record(fault(1), at: fixture.at(3), sequence: 4) == nil)
        #expect(tracker.incidents.count == 2)
        #expect(tracker.incidents[0].signals.map(\.signal.kind).last == .feedFault, "feed 1 joined the attack")
        #expect(tracker.incidents[0].severity == .critical && tracker.incidents[0].vector == .oracleManipulation)
    }

    @Test func aProtocolWideActionNeverJoinsAFeedsFault() {
        var tracker = IncidentTracker(config: fixture.config())
        tracker.record(fault(0), at: fixture.at(0), sequence: 1)
        let pause = Action(kind: .pause, scope: .wholeProtocol, reason: "test")
        #expect(tracker.record(pause, at: fixture.at(1), sequence: 2).isEmpty)
        #expect(tracker.incidents[0].actions.isEmpty && !tracker.incidents[0].isContained)
    }
}
