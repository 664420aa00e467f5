import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
public import Prometheus
import Synchronization

/// The service's Prometheus metrics, served at `/metrics`: what the engine did, the state of its breakers and its
/// journal, and the feed's clients. The HTTP requests' own metrics (counts, latencies) join them through
/// swift-metrics when the process bootstraps it with this registry.
public final class LiveMetrics: Sendable {
    /// Where the metrics are registered; the process may bootstrap swift-metrics with it.
    public let registry: PrometheusCollectorRegistry
    private let accepted, rejected, unreadable, signals, actions: Counter
    private let incidents, openIncidents, journalPending, subscribers, quiet: Gauge
    private let marketStates: [String: Gauge]
    private let poolPauses: [String: Gauge]
    /// Bad lines from the source, by the code of their error.
    private let badLines: [String: Counter]
    /// The totals at the last update, to count up by what grew.
    private let last = Mutex(
        (
            events: LiveStatus.Events(read: 0, accepted: 0, rejected: 0, errors: 0), signals: 0, actions: 0,
            badLines: [String: Int]()
        )
    )

    /// Metrics for a protocol with these markets and pools, registered in `registry`.
    public init(
        markets: [String],
        pools: [String],
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) {
        self.registry = registry
        func name(_ metric: String, _ unit: String = "", _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "breakwater", metricName: metric, unitName: unit, helpText: help)
        }
        let events = name("events", "total", "Events read from the source, by outcome.")
        accepted = registry.makeCounter(descriptor: events, labels: [("outcome", "accepted")])
        rejected = registry.makeCounter(descriptor: events, labels: [("outcome", "rejected")])
        unreadable = registry.makeCounter(descriptor: events, labels: [("outcome", "unreadable")])
        signals = registry.makeCounter(descriptor: name("signals", "total", "Signals the detectors raised."))
        actions = registry.makeCounter(descriptor: name("actions", "total", "Actions taken, automated and governed."))
        incidents = registry.makeGauge(descriptor: name("incidents", "", "Incidents so far."))
        openIncidents = registry.makeGauge(descriptor: name("incidents_open", "", "Incidents not resolved yet."))
        journalPending = registry.makeGauge(
            descriptor: name(
                "journal_pending",
                "records",
                "Journal records decided but not yet in the store: the journal's lag."
            )
        )
        subscribers = registry.makeGauge(descriptor: name("feed_subscribers", "", "Clients following the live feed."))
        quiet = registry.makeGauge(descriptor: name("source_quiet", "", "1 while the source is quiet."))
        let state = name("market_state", "", "0 normal, 1 limited or reduce-only, 2 halted.")
        marketStates = Dictionary(
            uniqueKeysWithValues: markets.map { ($0, registry.makeGauge(descriptor: state, labels: [("market", $0)])) }
        )
        let bad = name("source_bad_lines", "total", "Lines from the source that could not be read, by reason.")
        badLines = Dictionary(
            uniqueKeysWithValues: StreamError.Code.all.map {
                ($0.name, registry.makeCounter(descriptor: bad, labels: [("reason", $0.name)]))
            }
        )
        let paused = name("pool_paused", "", "1 while the pool is paused.")
        poolPauses = Dictionary(
            uniqueKeysWithValues: pools.map { ($0, registry.makeGauge(descriptor: paused, labels: [("pool", $0)])) }
        )
    }

    /// The text exposition format.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// `0` normal, `1` limited or reduce-only, `2` halted.
    private static func level(of state: MarketState) -> Double {
        switch state {
        case .normal: 0
        case .limited, .reduceOnly: 1
        case .halted: 2
        }
    }

    /// Takes the state `status` describes, with the run's signal and action totals, counting up what grew.
    func update(
        _ status: LiveStatus,
        signals signalTotal: Int,
        actions actionTotal: Int,
        badLines badLineTotals: [String: Int],
        subscribers count: Int
    ) {
        let before = last.withLock { last in
            defer { last = (status.events, signalTotal, actionTotal, badLineTotals) }
            return last
        }
        for (reason, total) in badLineTotals {
            badLines[reason]?.increment(by: Int64(total - (before.badLines[reason] ?? 0)))
        }
        accepted.increment(by: Int64(status.events.accepted - before.events.accepted))
        rejected.increment(by: Int64(status.events.rejected - before.events.rejected))
        unreadable.increment(by: Int64(status.events.errors - before.events.errors))
        signals.increment(by: Int64(signalTotal - before.signals))
        actions.increment(by: Int64(actionTotal - before.actions))
        incidents.set(Double(status.incidents.count))
        openIncidents.set(Double(status.incidents.count { $0.resolvedAt == nil }))
        journalPending.set(Double(status.journal.pending))
        subscribers.set(Double(count))
        quiet.set(Double(status.source.quiet ? 1 : 0))
        for pool in status.pools {
            poolPauses[pool.name]?.set(Double(pool.paused == nil ? 0 : 1))
            for market in pool.markets { marketStates[market.name]?.set(Self.level(of: market.state)) }
        }
    }
}
