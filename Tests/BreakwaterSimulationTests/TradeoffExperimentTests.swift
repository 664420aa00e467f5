import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterKeys
import PropertyBased
import Testing

@testable import BreakwaterSimulation

/// `experiment tradeoff`: the grid, the outcome of one policy on one stream, the frontier, and the whole sweep's
/// determinism.
@Suite struct TradeoffExperimentTests {
    static let config = DefaultProtocol.config()

    @Test func theStandardGridHasTwoHundredFortyValidPolicies() throws {
        let variants = try PolicyGrid.standard.variants(of: Self.config)
        #expect(variants.count == 240)
        #expect(Set(variants.map(\.label)).count == 240)
        let last = try #require(variants.last)
        let width = try Wad(parsing: "0.4")
        #expect(last.config.policy.priceBand.width == width)
        #expect(last.config.policy.priceBand.haltMilliseconds == 900_000)
        #expect(last.settings.map(\.value) == ["0.4", "7200000", "300000", "900000"])
    }

    @Test func aGridNamesItsBadKeysAndValues() {
        let grid = PolicyGrid(axes: [
            .init(key: "policy.price_band.wdith", values: ["0.1"]),
            .init(key: "policy.outflow_limit.max_share", values: ["0.1", "2", "abc"]),
        ])
        #expect {
            try grid.variants(of: Self.config)
        } throws: { error in
            let text = "\(error)"
            return text.contains("policy.price_band.wdith") && text.contains("2 is not a valid value")
                && text.contains("abc is not a valid value")
        }
        #expect(
            PolicyGrid.Axis(parsing: "policy.price_band.width=0.1, 0.2")
                == .init(key: "policy.price_band.width", values: ["0.1", "0.2"])
        )
        #expect(PolicyGrid.Axis(parsing: "no-values") == nil)
    }

    /// Guardians lift a false-positive pause after their review; the automation's pause before the attack is counted
    /// against the policy, its downtime measured.
    @Test func aFalsePauseIsLiftedAfterTheReviewAndItsDowntimeCounted() {
        var desk = ResponseDesk(reviewMilliseconds: 600_000)
        var decision = Decision(sequence: 1, timestamp: Timestamp(milliseconds: 1_000))
        decision.actions = [
            Action(kind: .pause, scope: .pool(PoolID(1)), reason: "test"),
            Action(kind: .halt, scope: .pool(PoolID(0)), reason: "test"),
        ]
        desk.review(decision, isFalsePositive: true)
        #expect(desk.due(by: Timestamp(milliseconds: 600_999)).isEmpty)
        let lifts = desk.due(by: Timestamp(milliseconds: 601_000))
        #expect(lifts.map(\.payload) == [.governance(GovernanceAction(kind: .unpause, pool: PoolID(1)))])
        #expect(desk.due(by: Timestamp(milliseconds: .max)).isEmpty)

        var trueAlarm = ResponseDesk(reviewMilliseconds: 0)
        trueAlarm.review(decision, isFalsePositive: false)
        #expect(trueAlarm.due(by: Timestamp(milliseconds: .max)).isEmpty)

        var downtime = Downtime(config: Self.config)
        let altsMarkets = Set(Self.config.markets(in: PoolID(1)))
        downtime.update(at: Timestamp(milliseconds: 0)) { altsMarkets.contains($0) }
        downtime.update(at: Timestamp(milliseconds: 60_000)) { _ in false }
        #expect(downtime.marketMinutes(until: Timestamp(milliseconds: 600_000)) == Double(altsMarkets.count))
    }

    /// Downtime is what the engine says (it was rebuilt from actions, where the `resume` that ends a reduce-only
    /// also ended a price band's halt in the count): a sample of the engine's state at every event of a cascade (ETH
    /// alone falling fast from a calm history, which reads as manipulation and halts) under a narrow band agrees
    /// with it.
    @Test func downtimeIsWhatTheEngineSays() throws {
        let stream = ScenarioStream(attack: .cascade, seed: 2, hours: 3, config: Self.config)
        let narrow = try #require(Threshold.named("policy.price_band.width")?.setting("0.05", in: Self.config))
        let outcome = ScenarioOutcome(stream, config: narrow, desk: ResponseDesk(reviewMilliseconds: 1_800_000))
        var engine = Engine(config: narrow, verifier: Ed25519Verifier())
        var sampled = 0.0
        var previous: Timestamp?
        var stopped = 0
        for event in stream.events {
            if let previous {
                sampled += Double(stopped) * Double(event.timestamp.milliseconds(since: previous)) / 60_000
            }
            _ = engine.apply(event)
            stopped = narrow.marketIDs.count { engine.isStopped($0) }
            previous = event.timestamp
        }
        #expect(sampled > 10)
        #expect(abs(outcome.haltMarketMinutes - sampled) < 1, "\(outcome.haltMarketMinutes) against \(sampled)")
    }

    /// The same stream under no responses and under the default policy: the attack takes its loss unguarded, and
    /// the default policy detects and contains it and keeps the money.
    @Test func theDefaultPolicyKeepsWhatTheUnguardedProtocolLoses() {
        let stream = ScenarioStream(attack: .mango, seed: 2, hours: 2, config: Self.config)
        let desk = ResponseDesk(reviewMilliseconds: 1_800_000)
        let unguarded = ScenarioOutcome(stream, config: Self.config.unguarded, desk: desk)
        let guarded = ScenarioOutcome(stream, config: Self.config, desk: desk)
        #expect(unguarded.loss > 5_000_000 && unguarded.detectedAfter == nil && unguarded.containedAfter == nil)
        #expect(guarded.loss == 0)
        #expect((guarded.detectedAfter ?? .max) <= 60_000 && (guarded.containedAfter ?? .max) <= 60_000)
        #expect(guarded == ScenarioOutcome(stream, config: Self.config, desk: desk))
    }

    /// A benign stream has no attack: its exposure is all of it, and the default policy pauses nothing.
    @Test func aBenignRunCountsItsWholeLengthAsExposure() {
        let stream = ScenarioStream(attack: .benign, seed: 101, hours: 24, config: Self.config)
        #expect(stream.attackStart == nil && stream.attackers.isEmpty)
        #expect(stream.marketDays == Double(Self.config.markets.count))
        let outcome = ScenarioOutcome(stream, config: Self.config, desk: ResponseDesk(reviewMilliseconds: 1_800_000))
        #expect(outcome.falsePauses == 0 && outcome.loss == 0)
    }

    @Test func percentilesRankAMissingTimeLast() {
        #expect(PolicyResult.percentile(0.5, [3_000, nil, 1_000]) == 3)
        #expect(PolicyResult.percentile(0.95, [3_000, nil, 1_000]) == nil)
        #expect(PolicyResult.percentile(0, [nil, 2_000]) == 2)
        #expect(PolicyResult.percentile(0.5, []) == nil)
    }

    /// No frontier policy is dominated, and every other one is dominated by the frontier policy it names.
    @Test func theFrontierHoldsTheUndominated() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...6).array(of: 2).array(of: 1...30)) { points in
            var results = points.enumerated().map { index, point in
                Self.result("p\(index)", speed: point[0] == 6 ? nil : Double(point[0]), halts: Double(point[1]))
            }
            ParetoFrontier.mark(&results)
            func dominates(_ a: PolicyResult, _ b: PolicyResult) -> Bool {
                a.speed <= b.speed && a.haltMinutesPerMarketDay <= b.haltMinutesPerMarketDay
                    && (a.speed < b.speed || a.haltMinutesPerMarketDay < b.haltMinutesPerMarketDay)
            }
            for result in results {
                if result.pareto {
                    #expect(!results.contains { dominates($0, result) } && result.dominatedBy == nil)
                } else {
                    let dominator = results.first { $0.policy == result.dominatedBy }
                    #expect(dominator.map { $0.pareto && dominates($0, result) } == true)
                }
            }
        }
    }

    /// The loss frontier: no policy on it is beaten by another that prevents as much or more at no more of any cost;
    /// each one off it is.
    @Test func theLossFrontierHoldsThePoliciesNoneBeats() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...3).array(of: 4).array(of: 1...20)) { points in
            var results = points.enumerated().map { index, point in
                var result = Self.result("p\(index)", speed: 1, halts: Double(point[1]))
                result.lossPrevented = Double(point[0]) / 3
                (result.falsePausesPerMarketYear, result.badDebtRefused) = (Double(point[2]), Double(point[3]))
                return result
            }
            ParetoFrontier.mark(&results)
            func beats(_ a: PolicyResult, _ b: PolicyResult) -> Bool {
                let (x, y) = (
                    [-(a.lossPrevented ?? 0), a.haltMinutesPerMarketDay, a.falsePausesPerMarketYear, a.badDebtRefused],
                    [-(b.lossPrevented ?? 0), b.haltMinutesPerMarketDay, b.falsePausesPerMarketYear, b.badDebtRefused]
                )
                return zip(x, y).allSatisfy { $0 <= $1 } && zip(x, y).contains { $0 < $1 }
            }
            for result in results {
                #expect(result.lossPareto == !results.contains { beats($0, result) })
            }
        }
    }

    /// Bad debt refused is what a policy's liquidations left beyond the same stream's with nothing responding, never
    /// less than none.
    @Test func badDebtRefusedIsTheExcessOverNoResponse() {
        let streams = [ScenarioStream(attack: .benign, seed: 101, hours: 2, config: Self.config)]
        var outcome = ScenarioOutcome(streams[0], config: Self.config, desk: ResponseDesk(reviewMilliseconds: 0))
        (outcome.badDebt, outcome.liquidationsRefused) = (500, 3)
        let variant = PolicyGrid.Variant(label: "p", settings: [], config: Self.config)
        let worse = PolicyResult(
            variant,
            outcomes: [outcome],
            streams: streams,
            undefendedLoss: [0],
            undefendedBadDebt: [200]
        )
        #expect(worse.badDebtRefused == 300 && worse.liquidationsRefused == 3)
        let better = PolicyResult(
            variant,
            outcomes: [outcome],
            streams: streams,
            undefendedLoss: [0],
            undefendedBadDebt: [900]
        )
        #expect(better.badDebtRefused == 0)
    }

    /// The sweep depends only on its inputs: one job or two, the same report.
    @Test func aSweepIsTheSameWhateverTheParallelism() async throws {
        var experiment = TradeoffExperiment(config: Self.config)
        experiment.grid = PolicyGrid(axes: [.init(key: "policy.price_band.width", values: ["0.05", "0.15"])])
        (experiment.scenarios, experiment.seeds, experiment.scenarioHours) = ([.mango, .crash], [1], 2)
        (experiment.benignSeeds, experiment.benignDays, experiment.jobs) = ([101], 1, 1)
        let serial = try await experiment.run()
        experiment.jobs = 2
        let parallel = try await experiment.run()
        #expect(serial == parallel)
        #expect(serial.policies.map(\.policy) == ["price_band.width=0.05", "price_band.width=0.15"])
        #expect(serial.scenarios.map(\.name) == ["mango/seed 1", "crash/seed 1", "benign/seed 101"])
        #expect(serial.policies.allSatisfy { $0.attacks == 1 && $0.lossPrevented == 1 && $0.invariantViolations == 0 })
        // The crash is market stress: even the narrow band settles at each new level instead of halting.
        #expect(serial.policies.allSatisfy { $0.haltMinutesPerMarketDay == 0 })
        #expect(serial.csv().split(separator: "\n").count == 3)
        #expect(serial.html().contains("<svg") && serial.text().contains("Pareto frontier"))
    }

    static func result(_ name: String, speed: Double?, halts: Double) -> PolicyResult {
        var result = PolicyResult(
            PolicyGrid.Variant(label: name, settings: [], config: config),
            outcomes: [],
            streams: [],
            undefendedLoss: []
        )
        result.containP95 = speed
        result.haltMinutesPerMarketDay = halts
        return result
    }
}
