public import BreakwaterCore
public import BreakwaterFormats

/// `breakwater experiment tradeoff`: every policy of a grid over the same attacks and benign markets, to measure
/// what speed of response costs in false-positive halts.
///
/// Each scenario-seed's stream is generated once and run under every policy. Policies run in parallel, one task
/// each, at most ``jobs`` at a time; results come back in grid order, so the report depends only on the inputs.
public struct TradeoffExperiment: Sendable {
    public var config: ProtocolConfig
    public var grid: PolicyGrid = .standard
    public var scenarios: [MangoScenario.Attack] = MangoScenario.Attack.experimentScenarios
    public var seeds: [UInt64] = [1, 2, 3, 4]
    public var scenarioHours: Int = 3
    public var benignSeeds: [UInt64] = [101, 102, 103, 104]
    public var benignDays: Int = 7
    /// How long guardians take to lift a false-positive pause.
    public var reviewMilliseconds: Int64 = 30 * 60_000
    public var jobs: Int = 2

    /// The default sweep: the standard grid, every scenario of the library with 4 seeds each (3 hours), 4 benign weeks.
    public init(config: ProtocolConfig) {
        self.config = config
    }

    /// How far the experiment is: `done` of `total` steps of the current phase.
    public struct Progress: Sendable {
        public enum Phase: String, Sendable {
            case generating = "generating streams"
            case baseline = "undefended runs"
            case policies
        }
        public var phase: Phase
        public var done: Int
        public var total: Int
    }

    /// Runs the sweep, calling `progress` after each stream and each policy.
    ///
    /// - Throws: ``ConfigError`` if the grid names a key that is not a threshold or a value that is not valid.
    public func run(progress: @Sendable (Progress) -> Void = { _ in }) async throws(ConfigError) -> TradeoffReport {
        // The experiment's people are its response desk: a config's own keys would refuse the desk's unsigned lifts.
        var base = config
        base.governance = GovernanceConfig(domain: config.governance.domain)
        let variants = try grid.variants(of: base)
        let specs =
            scenarios.flatMap { scenario in seeds.map { (scenario, $0, scenarioHours) } }
            + benignSeeds.map { (MangoScenario.Attack.benign, $0, benignDays * 24) }
        let config = base
        let streams = await Parallel.map(
            specs.count,
            jobs: jobs,
            progress: { progress(Progress(phase: .generating, done: $0, total: $1)) },
            work: { index in
                ScenarioStream(attack: specs[index].0, seed: specs[index].1, hours: specs[index].2, config: config)
            }
        )
        let desk = ResponseDesk(reviewMilliseconds: reviewMilliseconds)
        let baselines = await Parallel.map(
            streams.count,
            jobs: jobs,
            progress: { progress(Progress(phase: .baseline, done: $0, total: $1)) },
            work: { index in ScenarioOutcome(streams[index], config: config.unguarded, desk: desk) }
        )
        let undefended = zip(streams, baselines).map { $0.attackStart == nil ? 0 : $1.loss }
        let undefendedBadDebt = baselines.map(\.badDebt)
        var results = await Parallel.map(
            variants.count,
            jobs: jobs,
            progress: { progress(Progress(phase: .policies, done: $0, total: $1)) },
            work: { index in
                let outcomes = streams.map { ScenarioOutcome($0, config: variants[index].config, desk: desk) }
                return PolicyResult(
                    variants[index],
                    outcomes: outcomes,
                    streams: streams,
                    undefendedLoss: undefended,
                    undefendedBadDebt: undefendedBadDebt
                )
            }
        )
        ParetoFrontier.mark(&results)
        return TradeoffReport(experiment: self, streams: streams, undefendedLoss: undefended, policies: results)
    }
}
