/// The result of `breakwater experiment sensitivity`, as its JSON writes it (documented in `docs/simulation.md`).
/// Latencies are in seconds; `nil` means the pool outlived the horizon with no trip at all.
public struct SensitivityReport: Codable, Sendable, Hashable {
    public var parameters: Parameters
    /// One cell per leverage and volatility, leverage-major.
    public var cells: [Cell]

    public struct Parameters: Codable, Sendable, Hashable {
        public var volatilities: [Double]
        public var leverages: [Double]
        public var liquidity: Double
        public var collateral: Double
        public var maxLoss: Double
        public var horizonSeconds: Int64
        public var sigmas: Double

        enum CodingKeys: String, CodingKey {
            case volatilities, leverages, liquidity, collateral, sigmas
            case maxLoss = "max_loss"
            case horizonSeconds = "horizon_s"
        }
    }

    public struct Cell: Codable, Sendable, Hashable {
        public var leverage: Double
        public var volatility: Double
        /// The critical trip latency: a trip this soon after the exploit begins keeps the pool within `max_loss`.
        public var criticalLatency: Double?

        enum CodingKeys: String, CodingKey {
            case leverage, volatility
            case criticalLatency = "critical_latency_s"
        }
    }

    init(experiment: SensitivityExperiment, cells: [Cell]) {
        parameters = Parameters(
            volatilities: experiment.volatilities,
            leverages: experiment.leverages,
            liquidity: experiment.liquidity,
            collateral: experiment.collateral,
            maxLoss: experiment.maxLoss,
            horizonSeconds: experiment.horizonMilliseconds / 1000,
            sigmas: experiment.sigmas
        )
        self.cells = cells
    }

    /// The cell of a leverage and a volatility.
    public func cell(leverage: Double, volatility: Double) -> Cell? {
        cells.first { $0.leverage == leverage && $0.volatility == volatility }
    }
}
