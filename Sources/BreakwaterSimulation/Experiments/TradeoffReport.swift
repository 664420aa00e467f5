/// The result of `breakwater experiment tradeoff`, as its JSON writes it (documented in `docs/simulation.md`).
public struct TradeoffReport: Codable, Sendable, Hashable {
    public var parameters: Parameters
    public var scenarios: [Scenario]
    /// One row per policy, in grid order.
    public var policies: [PolicyResult]

    public struct Parameters: Codable, Sendable, Hashable {
        /// The grid's axes, in order: each threshold's key and values.
        public var grid: [PolicyGrid.Axis]
        public var scenarios: [String]
        public var seeds: [UInt64]
        public var scenarioHours: Int
        public var benignSeeds: [UInt64]
        public var benignDays: Int
        public var reviewSeconds: Int64
        /// Market-years of exposure the false-positive rates are counted on: the benign runs, the stress runs, and
        /// each attack run before its attack.
        public var benignMarketYears: Double

        enum CodingKeys: String, CodingKey {
            case grid, scenarios
            case seeds = "seeds"
            case scenarioHours = "scenario_hours"
            case benignSeeds = "benign_seeds"
            case benignDays = "benign_days"
            case reviewSeconds = "review_s"
            case benignMarketYears = "benign_market_years"
        }
    }

    /// One scenario-seed: how many events, and what the attack takes with every response off.
    public struct Scenario: Codable, Sendable, Hashable {
        public var name: String
        public var events: Int
        public var undefendedLoss: Double

        enum CodingKeys: String, CodingKey {
            case name, events
            case undefendedLoss = "undefended_loss"
        }
    }

    init(experiment: TradeoffExperiment, streams: [ScenarioStream], undefendedLoss: [Double], policies: [PolicyResult])
    {
        parameters = Parameters(
            grid: experiment.grid.axes,
            scenarios: experiment.scenarios.map(\.rawValue),
            seeds: experiment.seeds,
            scenarioHours: experiment.scenarioHours,
            benignSeeds: experiment.benignSeeds,
            benignDays: experiment.benignDays,
            reviewSeconds: experiment.reviewMilliseconds / 1000,
            benignMarketYears: streams.reduce(0) { $0 + $1.marketDays } / 365
        )
        scenarios = zip(streams, undefendedLoss).map {
            Scenario(name: $0.name, events: $0.events.count, undefendedLoss: $1)
        }
        self.policies = policies
    }

    /// The frontier, fastest first.
    public var frontier: [PolicyResult] {
        policies.filter(\.pareto).sorted {
            ($0.speed, $0.haltMinutesPerMarketDay) < ($1.speed, $1.haltMinutesPerMarketDay)
        }
    }
}
