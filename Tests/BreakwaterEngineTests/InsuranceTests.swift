import BreakwaterCore
import BreakwaterGovernance
import BreakwaterKeys
import Testing

@testable import BreakwaterEngine

/// Insurance: what the LPs' shares lost during an incident is paid from the pool's fund when the incident is
/// resolved, automatically within the bound and through the DAO above it; the books stay balanced.
@Suite struct InsuranceTests {
    let f = GovernanceFixture()
    let freeze = ResponseRule(
        signal: .flashLoan,
        minimumSeverity: .warning,
        response: .freeze,
        durationMilliseconds: 3_600_000
    )

    /// An incident (a flash loan, the whale frozen) during which alice closes a profitable long against the LPs,
    /// then the guardians pause the pool and the DAO lifts the pause: resolved at 1,600.
    func incident(bound: Wad) -> (engine: Engine, resolution: Decision, lpBefore: Wad) {
        var config = f.config(responses: [freeze])
        config.governance.automaticPayoutBound = bound
        var engine = Engine(config: config, verifier: Ed25519Verifier())
        let eth = AssetID(1)
        let whale = AccountID(9)
        for event in [
            f.event(0, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_000)))),
            f.event(1, .lpAdd(f.movement(f.lp, 1_000_000))),
            f.event(2, .deposit(f.movement(f.alice, 10_000))),
            f.event(3, .trade(Trade(market: MarketID(0), account: f.alice, size: Wad(10)))),
            f.event(4, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_100)))),
        ] {
            #expect(engine.apply(event).isAccepted)
        }
        for payload: Event.Payload in [.deposit(f.movement(whale, 200_000)), .withdraw(f.movement(whale, 200_000))] {
            _ = engine.apply(
                Event(timestamp: Timestamp(milliseconds: 10), provenance: .init(block: 5), payload: payload)
            )
        }
        #expect(engine.incidents.first?.isContained == true)
        #expect(
            engine.apply(f.event(20, .trade(Trade(market: MarketID(0), account: f.alice, size: Wad(-10))))).isAccepted
        )
        #expect(engine.apply(f.signed(.pause, by: f.threshold, nonce: 1, at: 30)).isAccepted)
        let voters = GovernanceFixture.voters
        #expect(engine.apply(f.signed(.unpause, role: .governor, by: [voters[0]], nonce: 9, at: 40)).isAccepted)
        _ = engine.apply(f.vote(1, .for, by: voters[0], at: 50))
        _ = engine.apply(f.vote(1, .for, by: voters[1], at: 50))
        #expect(engine.apply(f.event(1_100, .queue(proposal: 1))).isAccepted)
        let lpBefore = engine.ledger.pool(f.pool).collateral[0].lpLiquidity
        let resolution = engine.apply(f.event(1_600, .execute(proposal: 1)))
        return (engine, resolution, lpBefore)
    }

    @Test func aResolvedIncidentsLossIsPaidToTheLPsWithinTheBound() throws {
        let (engine, resolution, lpBefore) = incident(bound: Wad(100_000))
        #expect(resolution.incidentSteps.map(\.kind) == [.resolved])
        let claim = try #require(engine.claims.first)
        #expect(claim.incident == "INC-0001" && claim.loss.isPositive)
        #expect(claim.amount == Wad.min(claim.loss, claim.fund) && claim.amount.isPositive)
        #expect(claim.status == .paid(at: 1_600, by: .auto))
        #expect(resolution.actions.map(\.kind) == [.unpause, .payout])
        let book = engine.ledger.pool(f.pool).collateral[0]
        #expect(book.lpLiquidity == (try lpBefore.adding(claim.amount)))
        #expect(book.insurance == (try claim.fund.subtracting(claim.amount)))
        #expect(engine.ledger.checkInvariants(of: f.pool).isEmpty, "the payout moves claims, not the vault")
    }

    @Test func aClaimAboveTheBoundWaitsForTheDAO() throws {
        var (engine, resolution, _) = incident(bound: .zero)
        #expect(resolution.actions.map(\.kind) == [.unpause, .claim])
        #expect(engine.claims.first?.status == .pending)
        let voters = GovernanceFixture.voters
        let propose = engine.apply(
            f.signed(
                .payClaim,
                role: .governor,
                scope: .init(),
                parameters: ["incident": "INC-0001"],
                by: [voters[0]],
                nonce: 2,
                at: 1_700
            )
        )
        #expect(propose.actions.map(\.kind) == [.propose], "\(String(describing: propose.rejection))")
        _ = engine.apply(f.vote(2, .for, by: voters[0], at: 1_800))
        _ = engine.apply(f.vote(2, .for, by: voters[1], at: 1_800))
        #expect(engine.apply(f.event(2_800, .queue(proposal: 2))).isAccepted)
        let pay = engine.apply(f.event(3_300, .execute(proposal: 2)))
        #expect(pay.actions.map(\.kind) == [.payout])
        #expect(engine.claims.first?.status == .paid(at: 3_300, by: .governance))
        #expect(engine.ledger.checkInvariants(of: f.pool).isEmpty)
        let again = engine.apply(
            f.signed(
                .payClaim,
                role: .governor,
                scope: .init(),
                parameters: ["incident": "INC-0001"],
                by: [voters[0]],
                nonce: 3,
                at: 3_400
            )
        )
        #expect(again.isAccepted, "a proposal is refused for its state only when executed")
    }

    /// Regression from review: a DAO payout from an empty fund used to pay nothing and mark the claim paid for good.
    @Test func aClaimWaitsWhileTheFundIsEmpty() throws {
        var (engine, _, _) = incident(bound: .zero)
        // The fund emptied elsewhere in the meantime.
        try engine.ledger.payInsurance(engine.ledger.insuranceFund(of: f.pool), in: f.pool)
        let voters = GovernanceFixture.voters
        _ = engine.apply(
            f.signed(
                .payClaim,
                role: .governor,
                scope: .init(),
                parameters: ["incident": "INC-0001"],
                by: [voters[0]],
                nonce: 2,
                at: 1_700
            )
        )
        _ = engine.apply(f.vote(2, .for, by: voters[0], at: 1_800))
        _ = engine.apply(f.vote(2, .for, by: voters[1], at: 1_800))
        _ = engine.apply(f.event(2_800, .queue(proposal: 2)))
        let pay = engine.apply(f.event(3_300, .execute(proposal: 2)))
        #expect(pay.rejection?.code.rawValue == "nothing_to_do")
        #expect(engine.claims.first?.status == .pending)
    }
}
