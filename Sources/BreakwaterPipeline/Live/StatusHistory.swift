public import BreakwaterCore
import BreakwaterEngine

/// What the status page shows of the past: the guarded marks, outflows and bad debt, one sample per minute of event
/// time over the last six hours, so a page opened in the middle of an incident shows how it came about.
///
/// A sample is the state at the first event of its minute. Memory is bounded: at most ``capacity`` samples.
public struct StatusHistory: Sendable {
    /// One sample per this much event time.
    public static let stepMilliseconds: Int64 = 60_000
    /// Six hours of samples.
    public static let capacity = 360

    struct Sample {
        var time: Int64
        var marks: [Wad?]
        /// Per pool, per asset: the cumulative outflow and what was blocked.
        var outflows: [[FlowTally.Totals]]
        var badDebt: [Wad]
    }

    private var samples: [Sample] = []
    private var first = 0
    private var lastMinute: Int64?
    /// Grows with each sample: a reader that saw this count has seen every sample.
    public private(set) var version = 0

    public init() {}

    /// Takes a sample of `replay` at `time` if it is the first event of a new minute.
    mutating func observe(_ replay: Replay, at time: Int64) {
        let minute = time / Self.stepMilliseconds
        guard minute != lastMinute else { return }
        lastMinute = minute
        let engine = replay.engine
        let sample = Sample(
            time: time,
            marks: engine.config.marketIDs.map { engine.prices.mark(of: $0) },
            outflows: engine.config.poolIDs.map { replay.flows.outflows(of: $0) },
            badDebt: engine.liquidations.map(\.badDebt)
        )
        if samples.count < Self.capacity {
            samples.append(sample)
        } else {
            samples[first] = sample
            first = (first + 1) % Self.capacity
        }
        version += 1
    }

    /// The samples, oldest first.
    private var ordered: ArraySlice<Sample> { samples[first...] + samples[..<first] }

    /// `GET /api/history`, documented in `docs/service.md` and `docs/openapi.yaml`.
    public struct Document: Encodable, Sendable {
        public var stepMs: Int64
        /// Each sample's event time, oldest first.
        public var times: [Int64]
        /// Per market: its guarded mark at each time (`null` while it has none).
        public var prices: [String: [String?]]
        /// Per pool, per asset that has left it: the cumulative outflow and what was blocked, at each time.
        public var outflows: [String: [String: Flow]]
        /// Per pool: the cumulative bad debt its liquidations left, at each time.
        public var badDebt: [String: [String]]

        public struct Flow: Encodable, Sendable {
            public var total: [String]
            public var blocked: [String]
        }

        enum CodingKeys: String, CodingKey {
            case times, prices, outflows
            case stepMs = "step_ms"
            case badDebt = "bad_debt"
        }
    }

    /// The history as `GET /api/history` serves it, with the names of `config`.
    public func document(config: ProtocolConfig) -> Document {
        let samples = Array(ordered)
        var prices: [String: [String?]] = [:]
        for market in config.marketIDs {
            prices[config.market(market).name] = samples.map {
                $0.marks[Int(market.index)]?.description
            }
        }
        var outflows: [String: [String: Document.Flow]] = [:]
        var badDebt: [String: [String]] = [:]
        for pool in config.poolIDs {
            let name = config.pool(pool).name
            badDebt[name] = samples.map { $0.badDebt[Int(pool.index)].description }
            for asset in config.assetIDs
            where samples.contains(where: { !$0.outflows[Int(pool.index)][Int(asset.index)].isZero }) {
                let totals = samples.map { $0.outflows[Int(pool.index)][Int(asset.index)] }
                outflows[name, default: [:]][config.asset(asset).name] = Document.Flow(
                    total: totals.map(\.total.description),
                    blocked: totals.map(\.blocked.description)
                )
            }
        }
        return Document(
            stepMs: Self.stepMilliseconds,
            times: samples.map(\.time),
            prices: prices,
            outflows: outflows,
            badDebt: badDebt
        )
    }
}
