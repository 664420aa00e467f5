import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterReportKit

/// The chart data of one incident: prices, the pool's liquidity and outflows, and breaker levels over its window.
struct PostmortemCharts {
    let evidence: IncidentEvidence
    let recorded: Replay
    /// The start of the plotted span: a margin before the first anomalous event.
    let from: Int64

    /// The most points a series keeps; more are thinned to each bucket's lowest and highest value.
    static let maximumPoints = 800

    func charts() -> PostmortemReport.Charts {
        PostmortemReport.Charts(
            from: from,
            to: evidence.end,
            prices: prices(),
            liquidity: liquidity(),
            breakers: breakers()
        )
    }

    private var config: ProtocolConfig { recorded.engine.config }

    private func prices() -> [PostmortemReport.LineChart] {
        evidence.chartedAssets.sorted { $0.index < $1.index }.compactMap { asset in
            let feeds = config.feeds.indices.filter { config.feeds[$0].asset == asset }.compactMap {
                index -> PostmortemReport.Series? in
                let points = clipped(evidence.feedPrices[FeedID(index)] ?? [])
                return points.isEmpty
                    ? nil : .init(name: "feed " + config.feeds[index].name, points: points, steps: false)
            }
            let guarded = clipped(evidence.guardedPrices[asset] ?? [])
            guard !feeds.isEmpty else { return nil }
            return .init(
                title: "\(config.asset(asset).name) price: each feed and the guarded price",
                series: feeds + (guarded.isEmpty ? [] : [.init(name: "guarded price", points: guarded, steps: true)])
            )
        }
    }

    /// Per collateral asset: LP liquidity, the outflow over the limit's refill period, and the limit it may reach.
    private func liquidity() -> [PostmortemReport.LineChart] {
        guard let pool = evidence.pool else { return [] }
        let state = recorded.engine.ledger.pool(pool)
        let limit = config.policy.outflowLimit
        return evidence.liquidity.keys.sorted().compactMap { slot in
            let samples = (evidence.liquidity[slot] ?? []).filter { $0[0] >= Double(from) }
            let outflows = evidence.outflows[slot] ?? []
            // An asset the pool holds no liquidity in and nothing left: nothing to draw.
            guard samples.contains(where: { $0[1] != 0 }) || !outflows.isEmpty else { return nil }
            var rolling: [[Double]] = []
            var window = 0.0
            var (head, tail) = (0, 0)
            for sample in samples {
                while head < outflows.count && outflows[head][0] <= sample[0] {
                    window += outflows[head][1]
                    head += 1
                }
                while tail < head && outflows[tail][0] <= sample[0] - Double(limit.refillMilliseconds) {
                    window -= outflows[tail][1]
                    tail += 1
                }
                rolling.append([sample[0], max(0, window)])
            }
            var series: [PostmortemReport.Series] = [
                .init(name: "LP liquidity", points: Self.thinned(samples), steps: true),
                .init(
                    name: "outflow over the last \(TimeText.span(milliseconds: limit.refillMilliseconds))",
                    points: Self.thinned(rolling),
                    steps: true
                ),
            ]
            if limit.isEnabled {
                let share = limit.maxShare.approximateDouble
                series.append(
                    .init(
                        name: "outflow limit",
                        points: Self.thinned(samples.map { [$0[0], $0[1] * share] }),
                        steps: true
                    )
                )
            }
            return .init(
                title:
                    "pool \(config.pool(pool).name), \(config.asset(state.assets[slot]).name): liquidity and outflows",
                series: series
            )
        }
    }

    /// Levels per scope from the recorded actions in the span: 0 normal, 1 limited (limit state, reduce-only, rate
    /// limit, frozen account), 2 halted or paused. A resume lifts a market's band states first, then its reduce-only.
    private func breakers() -> PostmortemReport.LineChart {
        let actions = recorded.actions.filter {
            $0.ts >= from && $0.ts <= evidence.end
                && (evidence.incident.scope.pool == nil || $0.scope.pool == evidence.incident.scope.pool)
        }
        var active: [String: Set<String>] = [:]
        var points: [String: [[Double]]] = [:]
        var order: [String] = []
        for action in actions {
            let scope = action.scope.label
            if points[scope] == nil {
                order.append(scope)
                points[scope] = [[Double(from), 0]]
            }
            var kinds = active[scope] ?? []
            switch action.action {
            case "resume":
                if !kinds.isDisjoint(with: ["limit_state", "halt"]) {
                    kinds.subtract(["limit_state", "halt"])
                } else {
                    kinds.remove("reduce_only")
                }
            case "unpause": kinds.remove("pause")
            case "unfreeze": kinds.remove("freeze")
            case "reset_feed": break
            default: kinds.insert(action.action)
            }
            active[scope] = kinds
            let level: Double = kinds.contains("halt") || kinds.contains("pause") ? 2 : kinds.isEmpty ? 0 : 1
            points[scope, default: []].append([Double(action.ts), level])
        }
        let series = order.map { scope in
            PostmortemReport.Series(
                name: scope,
                points: (points[scope] ?? []) + [[Double(evidence.end), points[scope]?.last?[1] ?? 0]],
                steps: true
            )
        }
        return .init(title: "breaker levels: 0 normal, 1 limited, 2 halted or paused", series: series)
    }

    private func clipped(_ points: [[Double]]) -> [[Double]] {
        Self.thinned(points.filter { $0[0] >= Double(from) })
    }

    /// At most about ``maximumPoints`` points: each bucket of consecutive points keeps its lowest and highest, in
    /// time order, so a spike survives thinning.
    static func thinned(_ points: [[Double]]) -> [[Double]] {
        guard points.count > maximumPoints else { return points }
        let bucket = (points.count + maximumPoints / 2 - 1) / (maximumPoints / 2)
        return stride(from: 0, to: points.count, by: bucket).flatMap { start -> [[Double]] in
            let slice = points[start..<min(start + bucket, points.count)]
            guard let low = slice.indices.min(by: { slice[$0][1] < slice[$1][1] }),
                let high = slice.indices.max(by: { slice[$0][1] < slice[$1][1] })
            else { return [] }
            return low == high ? [slice[low]] : [slice[min(low, high)], slice[max(low, high)]]
        }
    }
}
