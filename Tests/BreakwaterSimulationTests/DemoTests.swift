import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterKeys
import BreakwaterPipeline
import BreakwaterSimulation
import Testing

@Suite struct DemoTests {
    @Test func breakwaterContainsTheAttackThatDrainsTheUnguardedProtocol() throws {
        let demo = try Demo(seed: 42)
        #expect(demo.unguarded.attackerGain > Wad(1_000_000))
        #expect(demo.unguarded.lpResult.isNegative)
        #expect(demo.guarded.attackerGain == .zero)
        #expect(demo.guarded.badDebt == .zero)
        #expect(demo.unguarded.report.incidents.isEmpty)
        let incident = try #require(demo.guarded.report.incidents.first)
        #expect(incident.kind == "oracle_manipulation")
        #expect(incident.scope.pool == "alts")
        let pumpStart = demo.scenario.start.milliseconds + demo.scenario.attackOffset + 120_000
        let contained = try #require(incident.containedAt)
        #expect(contained <= pumpStart + 120_000, "contained at the latest two minutes into the pump")
        #expect(demo.guarded.report.invariants.violations.isEmpty)
        #expect(demo.guarded.report.invariants.checked > 0)
        #expect(demo.guarded.report.errors.isEmpty)
    }

    /// The story's end: guardians pause the pool and hotfix the vulnerable valuation code, the DAO unpauses after
    /// its vote and timelock, and the incident goes through every step; the unguarded run has no people.
    @Test func peopleWithKeysRemediateAndResolveTheIncident() throws {
        let demo = try Demo(seed: 42)
        let report = demo.guarded.report
        let governed = report.actions.filter { $0.by != "auto" }.map { "\($0.action) by \($0.by)" }
        #expect(
            governed == [
                "pause by guardian", "propose by guardian", "upgrade by guardian", "propose by governance",
                "vote by governance",
                "vote by governance", "vote by governance", "queue by governance", "unpause by governance",
            ],
            "\(governed)"
        )
        let incident = try #require(report.incidents.first)
        let remediated = try #require(incident.remediatedAt)
        let resolved = try #require(incident.resolvedAt)
        #expect(try #require(incident.containedAt) < remediated && remediated < resolved)
        #expect(
            !report.rejections.contains { ["signed_action", "vote", "queue", "execute"].contains($0.kind) },
            "every governance event is accepted"
        )
        #expect(demo.configYAML.contains("domain: \(DemoGovernance.domain)"))
        #expect(demo.unguarded.report.actions.isEmpty)
        let automationAlone = try Demo(scenario: MangoScenario(seed: 42), governed: false)
        #expect(automationAlone.lines.count == demo.lines.count - 9)
        #expect(automationAlone.unguarded.attackerGain == demo.unguarded.attackerGain)
    }

    @Test func theSameSeedGivesTheSameStreamAndHead() throws {
        let first = try Demo(seed: 7)
        let second = try Demo(seed: 7)
        #expect(first.lines == second.lines)
        #expect(first.guarded.report == second.guarded.report)
        let other = try Demo(seed: 8)
        #expect(other.lines != first.lines)
        #expect(other.guarded.report.journalHead != first.guarded.report.journalHead)
    }

    @Test func aBenignMarketRaisesNoIncident() throws {
        var scenario = MangoScenario(seed: 42)
        scenario.includesAttack = false
        let demo = try Demo(scenario: scenario)
        #expect(demo.guarded.report.incidents.isEmpty)
        #expect(demo.guarded.report.actions.isEmpty)
    }

    @Test func replayingTheWrittenStreamReproducesTheReport() throws {
        let demo = try Demo(seed: 3)
        var replay = Replay(config: try ConfigLoader.load(yaml: demo.configYAML), configYAML: demo.configYAML)
        for (index, line) in demo.lines.enumerated() { replay.feed(line: Array(line.utf8), number: index + 1) }
        #expect(replay.report().json() == demo.guarded.report.json())
    }
}

@Suite struct DemoConfigTests {
    @Test func aConfigWithoutTheReferenceNamesIsAConfigErrorNotACrash() {
        let yaml = """
            version: 1
            assets: [{ name: USDC, fixed_price: 1 }]
            pools: [{ name: p, quote: USDC, collateral: [{ asset: USDC }] }]
            """
        #expect(throws: ConfigError.self) { try Demo(seed: 1, configYAML: yaml) }
    }

    @Test func theMixedBenchmarkStreamIsSeededAndHealthy() {
        let config = DefaultProtocol.config()
        func run(seed: UInt64) -> (events: [Event], incidents: Int, violations: Int, accepted: Int) {
            var stream = MixedStream(config: config, seed: seed)
            var engine = Engine(config: config, configuration: .init(auditInterval: 5_000), verifier: Ed25519Verifier())
            var events: [Event] = []
            var accepted = 0
            while events.count < 20_000, let event = stream.next() {
                events.append(event)
                if engine.apply(event).isAccepted { accepted += 1 }
            }
            engine.audit()
            return (events, engine.incidents.count, engine.invariantViolations.count, accepted)
        }
        let first = run(seed: 3)
        #expect(first.events == run(seed: 3).events)
        #expect(first.events != run(seed: 4).events)
        #expect(first.incidents == 0)
        #expect(first.violations == 0)
        #expect(first.accepted > 18_000, "a benign stream is mostly accepted")
        // People's kinds, and a chain's block markers, are not a market's.
        let notMarket: Set<Event.Kind> = [.governance, .signedAction, .vote, .queue, .execute, .note, .block, .reorg]
        #expect(
            Set(first.events.map(\.kind)) == Set(Event.Kind.allCases).subtracting(notMarket),
            "every kind but governance's, notes and block markers"
        )
    }
}

@Suite struct BenignMarketTests {
    /// The default policy leaves a healthy market alone: two days at 80 % volatility with jumps, no pause. The
    /// release-mode benchmark runs the full month (`breakwater bench --benign-days 30`).
    @Test func twoBenignDaysRaiseNoPause() {
        let run = BenignRun(seed: 11, days: 2, config: DefaultProtocol.config())
        #expect(run.events > 150_000)
        #expect(run.pauses == 0)
        #expect(run.invariantViolations == 0)
        #expect(run.haltMinutes < 60, "no more than an hour of halts in two days")
    }
}
