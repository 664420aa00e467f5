import BreakwaterCore
import BreakwaterDetection
import BreakwaterEngine
import BreakwaterGovernance
import BreakwaterKeys
import Testing

/// The module registry: versions identified by their content, upgraded and rolled back through the DAO, and the
/// guardians' emergency hotfix that closes an exploit behind a short timelock.
@Suite struct ModuleUpgradeTests {
    let f = GovernanceFixture()
    let market = MarketID(0)

    /// Proposes `kind` as the DAO, votes it through and queues it; returns the proposal's number and the time its
    /// timelock ends.
    func pass(
        _ kind: GovernedAction.Kind,
        module: String,
        parameters: [String: String] = [:],
        nonce: UInt64,
        at ms: Int64,
        in engine: inout Engine
    ) -> (UInt64, Int64) {
        let voters = GovernanceFixture.voters
        let propose = engine.apply(
            f.signed(
                kind,
                role: .governor,
                scope: .init(module: module),
                parameters: parameters,
                by: [voters[0]],
                nonce: nonce,
                at: ms
            )
        )
        #expect(propose.actions.map(\.kind) == [.propose], "\(String(describing: propose.rejection))")
        let id = UInt64(engine.governance.proposals.count)
        #expect(engine.apply(f.vote(id, .for, by: voters[0], at: ms + 10)).isAccepted)
        #expect(engine.apply(f.vote(id, .for, by: voters[1], at: ms + 20)).isAccepted)
        #expect(engine.apply(f.event(ms + 1_000, .queue(proposal: id))).isAccepted)
        return (id, ms + 1_500)
    }

    @Test func theDAOUpgradesAModuleToANewVersionAndRollsItBack() {
        var engine = f.engine()
        let name = "risk/ETH-PERP"
        let first = engine.modules.current(name)
        #expect(first?.installedAt == nil && first?.hash.count == 16)
        #expect(
            engine.modules.names == [
                "risk/ETH-PERP", "valuation/ETH-PERP", "oracle/ETH", "withdrawal/main", "policy/detectors",
            ]
        )
        let (id, eta) = pass(
            .upgradeModule,
            module: name,
            parameters: ["initial_margin": "0.25", "maintenance_margin": "0.125"],
            nonce: 1,
            at: 100,
            in: &engine
        )
        #expect(
            engine.ledger.terms(of: market).initialMargin != (try! Wad(parsing: "0.25")),
            "nothing changes before execution"
        )
        let upgrade = engine.apply(f.event(eta, .execute(proposal: id)))
        #expect(upgrade.actions.map(\.kind) == [.upgrade])
        #expect(engine.ledger.terms(of: market).initialMargin == (try! Wad(parsing: "0.25")))
        #expect(engine.ledger.terms(of: market).maintenanceMargin == (try! Wad(parsing: "0.125")))
        let second = engine.modules.current(name)
        #expect(second?.hash != first?.hash && second?.installedAt == eta)
        #expect(upgrade.actions.first?.reason.contains("from \(first!.hash) to \(second!.hash)") == true)

        let (rollback, rollbackEta) = pass(.rollbackModule, module: name, nonce: 2, at: eta + 100, in: &engine)
        #expect(engine.apply(f.event(rollbackEta, .execute(proposal: rollback))).actions.map(\.kind) == [.rollback])
        #expect(engine.modules.current(name) == first)
        #expect(engine.ledger.terms(of: market) == MarketTerms(engine.config.market(market)))
        // Nothing is left to roll back to.
        let (again, againEta) = pass(.rollbackModule, module: name, nonce: 3, at: rollbackEta + 100, in: &engine)
        #expect(engine.apply(f.event(againEta, .execute(proposal: again))).rejection?.code.rawValue == "nothing_to_do")
    }

    /// An asset's oracle configuration is a module: the answer bounds of its feeds. Guardians may hotfix a bound in
    /// (a manipulated price beyond it is refused) but not drop one.
    @Test func anOracleModuleSetsTheAnswerBoundsOfItsFeeds() {
        var engine = f.engine()
        #expect(engine.modules.current("oracle/ETH")?.settings == ["a.min_answer": "none", "a.max_answer": "none"])
        let drop = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: "oracle/ETH"),
                parameters: ["a.max_answer": "1050"],
                by: f.threshold,
                nonce: 1,
                at: 10
            )
        )
        #expect(drop.actions.map(\.kind) == [.propose], "a new bound only reduces risk")
        #expect(engine.apply(f.event(110, .execute(proposal: 1))).actions.map(\.kind) == [.upgrade])
        let manipulated = engine.apply(
            f.event(120, .oracle(OracleUpdate(feed: FeedID(0), asset: AssetID(1), price: Wad(1_060))))
        )
        #expect(manipulated.rejection?.code == .oracleAtBound)
        let widen = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: "oracle/ETH"),
                parameters: ["a.max_answer": "none"],
                by: f.threshold,
                nonce: 2,
                at: 130
            )
        )
        #expect(widen.rejection?.code.rawValue == "wrong_direction")
        let inverted = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: "oracle/ETH"),
                parameters: ["a.min_answer": "2000"],
                by: f.threshold,
                nonce: 3,
                at: 140
            )
        )
        #expect(inverted.rejection?.code.rawValue == "bad_parameter")
    }

    /// The detector policy is a module: guardians may hotfix a threshold lower (detect more), the DAO may raise it.
    @Test func theDetectorPolicyIsAModuleWhoseHotfixesOnlyLowerThresholds() {
        var engine = f.engine()
        let name = "policy/detectors"
        let share = engine.modules.current(name)?.settings["flash_loan.pool_share"]
        #expect(share == engine.config.policy.detectors.flashLoan.poolShare.description)
        let raise = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: name),
                parameters: ["flash_loan.pool_share": "0.5"],
                by: f.threshold,
                nonce: 1,
                at: 10
            )
        )
        #expect(raise.rejection?.code.rawValue == "wrong_direction")
        #expect(
            engine.apply(
                f.signed(
                    .emergencyHotfix,
                    scope: .init(module: name),
                    parameters: ["flash_loan.pool_share": "0.01"],
                    by: f.threshold,
                    nonce: 2,
                    at: 20
                )
            ).isAccepted
        )
        #expect(engine.apply(f.event(120, .execute(proposal: 1))).actions.map(\.kind) == [.upgrade])
        #expect(engine.detectors.settings.flashLoan.poolShare == (try! Wad(parsing: "0.01")))
        // Regression from review: a wider wash-trade size tolerance detects more, so a hotfix may widen it, not narrow it;
        // and a threshold the config check forbids is refused.
        let narrow = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: name),
                parameters: ["wash.size_tolerance": "0.05"],
                by: f.threshold,
                nonce: 5,
                at: 130
            )
        )
        #expect(narrow.rejection?.code.rawValue == "wrong_direction")
        let zero = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: name),
                parameters: ["volume.warning_score": "0"],
                by: f.threshold,
                nonce: 6,
                at: 140
            )
        )
        #expect(zero.rejection?.code.rawValue == "bad_parameter")
        let (id, eta) = pass(
            .upgradeModule,
            module: name,
            parameters: ["flash_loan.pool_share": "0.3"],
            nonce: 3,
            at: 200,
            in: &engine
        )
        #expect(engine.apply(f.event(eta, .execute(proposal: id))).actions.map(\.kind) == [.upgrade])
        #expect(engine.detectors.settings.flashLoan.poolShare == (try! Wad(parsing: "0.3")))
    }

    /// A pool's withdrawal code is a module: the DAO can ship the version that skips the health check (a buggy
    /// release), after which an account borrows without collateral; guardians may hotfix the checked version back,
    /// never the vulnerable one in.
    @Test func theWithdrawalModuleDecidesWhetherAWithdrawalChecksHealth() {
        var engine = f.engine()
        let name = "withdrawal/main"
        #expect(engine.modules.current(name)?.settings == ["code": "health-checked"])
        let borrow = { (ms: Int64) in self.f.event(ms, .withdraw(self.f.movement(self.f.alice, 50_000))) }
        #expect(engine.apply(borrow(50)).rejection?.code == .insufficientHealth)
        let loosen = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: name),
                parameters: ["code": "skips-health-check"],
                by: f.threshold,
                nonce: 1,
                at: 60
            )
        )
        #expect(loosen.rejection?.code.rawValue == "wrong_direction")
        let (id, eta) = pass(
            .upgradeModule,
            module: name,
            parameters: ["code": "skips-health-check"],
            nonce: 2,
            at: 100,
            in: &engine
        )
        #expect(engine.apply(f.event(eta, .execute(proposal: id))).actions.map(\.kind) == [.upgrade])
        // A restored engine runs the module version its snapshot records.
        var restored = Engine(config: engine.config, verifier: Ed25519Verifier(), restoring: engine.snapshot)
        #expect(restored.apply(borrow(eta + 10)).isAccepted)
        #expect(engine.apply(borrow(eta + 10)).isAccepted, "the vulnerable version lends against nothing")
        let fix = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: name),
                parameters: ["code": "health-checked"],
                by: f.threshold,
                nonce: 3,
                at: eta + 20
            )
        )
        #expect(fix.actions.map(\.kind) == [.propose])
        #expect(
            engine.apply(f.event(eta + 10_000, .execute(proposal: UInt64(engine.governance.proposals.count)))).actions
                .map(\.kind) == [.upgrade]
        )
        #expect(engine.apply(borrow(eta + 10_010)).rejection?.code == .insufficientHealth)
    }

    @Test func aProposalForAModuleOrSettingThatDoesNotExistIsRefusedAtOnce() {
        var engine = f.engine()
        let voter = [GovernanceFixture.voters[0]]
        let unknown = engine.apply(
            f.signed(
                .upgradeModule,
                role: .governor,
                scope: .init(module: "risk/NOPE"),
                parameters: ["taker_fee": "0.1"],
                by: voter,
                nonce: 1,
                at: 100
            )
        )
        #expect(unknown.rejection?.code.rawValue == "bad_scope")
        // Regression: with several unknown settings, the one named must not depend on the order a dictionary
        // iterates in (it differs between processes), or the journal would too.
        let setting = engine.apply(
            f.signed(
                .upgradeModule,
                role: .governor,
                scope: .init(module: "risk/ETH-PERP"),
                parameters: ["zeta": "1", "leverage": "9", "alpha": "2"],
                by: voter,
                nonce: 2,
                at: 100
            )
        )
        #expect(setting.rejection?.code.rawValue == "bad_parameter")
        #expect(setting.rejection?.message.hasPrefix("module risk/ETH-PERP has no setting alpha") == true)
        let code = engine.apply(
            f.signed(
                .upgradeModule,
                role: .governor,
                scope: .init(module: "valuation/ETH-PERP"),
                parameters: ["code": "yolo"],
                by: voter,
                nonce: 3,
                at: 100
            )
        )
        #expect(code.rejection?.code.rawValue == "bad_parameter")
        #expect(engine.governance.proposals.isEmpty)
    }

    /// The exploit a vulnerable module allows (withdrawing against unrealized profit) is closed by the guardians'
    /// hotfix once its short timelock is over; a "hotfix" that loosens is refused.
    @Test func aGuardianHotfixClosesTheExploitAfterItsShortTimelock() {
        var engine = f.engine(unrealizedProfitCounts: true)
        let eth = AssetID(1)
        #expect(engine.apply(f.event(10, .trade(Trade(market: market, account: f.alice, size: Wad(10))))).isAccepted)
        #expect(
            engine.apply(f.event(20, .oracle(OracleUpdate(feed: FeedID(0), asset: eth, price: Wad(1_100))))).isAccepted
        )
        // Under the vulnerable version, the profit on paper is collateral: 9,500 of the 10,000 deposited may leave.
        var probe = engine
        #expect(probe.apply(f.event(30, .withdraw(f.movement(f.alice, 9_500)))).isAccepted)

        let loosen = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: "risk/ETH-PERP"),
                parameters: ["taker_fee": "0"],
                by: f.threshold,
                nonce: 1,
                at: 40
            )
        )
        #expect(loosen.rejection?.code.rawValue == "wrong_direction")
        let hotfix = engine.apply(
            f.signed(
                .emergencyHotfix,
                scope: .init(module: "valuation/ETH-PERP"),
                parameters: ["code": "realized-profit-only"],
                by: f.threshold,
                nonce: 2,
                at: 50
            )
        )
        #expect(hotfix.actions.map(\.kind) == [.propose])
        guard case .some(.queued(let eta)) = engine.governance.proposals.last?.status else {
            Issue.record("the hotfix is queued behind its short timelock")
            return
        }
        #expect(eta == 150)
        #expect(engine.apply(f.event(100, .execute(proposal: 1))).rejection?.code.rawValue == "timelock")
        let execute = engine.apply(f.event(150, .execute(proposal: 1)))
        #expect(execute.actions.map(\.kind) == [.upgrade])
        #expect(execute.actions.first?.actor == .guardian)
        #expect(engine.modules.current("valuation/ETH-PERP")?.settings == ["code": "realized-profit-only"])
        #expect(
            engine.apply(f.event(160, .withdraw(f.movement(f.alice, 9_500)))).rejection?.code == .insufficientHealth
        )
    }
}
