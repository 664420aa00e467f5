import BreakwaterEngine
public import BreakwaterPipeline
import BreakwaterReportKit
public import ServiceLifecycle
import Synchronization

/// The latest status and health, published for any number of HTTP handlers to read at once without waiting for the
/// pipeline's actor: readers never slow the engine down.
///
/// As a `Service` it rebuilds them every `interval` while the pipeline changes, and updates the metrics with them.
public final class StatusBoard: Service {
    private let pipeline: LivePipeline
    private let feed: LiveFeed
    private let metrics: LiveMetrics
    private let interval: Duration
    private let state = Mutex<(status: [UInt8], health: Health?, changes: Int?)>(([], nil, nil))
    /// `GET /api/history`'s bytes and the history's version they show: rebuilt once a minute of event time at most.
    private let past = Mutex<(bytes: [UInt8], version: Int?)>(([], nil))

    /// - Parameters:
    ///   - pipeline: what the status describes.
    ///   - feed: whose clients the metrics count.
    ///   - metrics: updated with each status.
    ///   - interval: how often ``run()`` looks for a change.
    public init(pipeline: LivePipeline, feed: LiveFeed, metrics: LiveMetrics, interval: Duration = .milliseconds(100)) {
        self.pipeline = pipeline
        self.feed = feed
        self.metrics = metrics
        self.interval = interval
    }

    /// `GET /api/status`'s bytes, as last published; empty before the first.
    public var status: [UInt8] { state.withLock { $0.status } }
    /// `GET /api/health`, as last published.
    public var health: Health? { state.withLock { $0.health } }
    /// `GET /api/history`'s bytes, as last published; empty before the first.
    public var history: [UInt8] { past.withLock { $0.bytes } }

    /// Rebuilds the status and health when the pipeline changed since they were last published.
    ///
    /// - Returns: the status's bytes, up to date.
    @discardableResult
    public func refresh() async -> [UInt8] {
        let published = state.withLock { $0.changes }
        let shownVersion = past.withLock { $0.version }
        let (built, history) = await pipeline.read {
            view -> (
                (changes: Int, status: LiveStatus, health: Health, totals: (Int, Int), badLines: [String: Int])?,
                (bytes: [UInt8], version: Int)?
            ) in
            let history =
                view.history.version == shownVersion
                ? nil
                : (
                    Array(ReportJSON.line(of: view.history.document(config: view.replay.engine.config)).utf8),
                    view.history.version
                )
            guard view.changes != published else { return (nil, history) }
            let counts = view.replay.counts
            return (
                (view.changes, LiveStatus(view), Health(view), (counts.signals, counts.actions), view.replay.badLines),
                history
            )
        }
        if let history {
            past.withLock { past in
                if history.version > (past.version ?? .min) { past = (history.bytes, history.version) }
            }
        }
        guard let built else { return status }
        let bytes = Array(ReportJSON.line(of: built.status).utf8)
        // Two refreshes may race (the loop and a post's answer): a status built from an older view is not kept.
        let isNewer = state.withLock { state in
            guard built.changes > (state.changes ?? .min) else { return false }
            state = (bytes, built.health, built.changes)
            return true
        }
        guard isNewer else { return status }
        metrics.update(
            built.status,
            signals: built.totals.0,
            actions: built.totals.1,
            badLines: built.badLines,
            subscribers: feed.subscriberCount
        )
        return bytes
    }

    /// Every interval until a graceful shutdown, the status when it changed; then once more, for the stopped
    /// pipeline's last state.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                await self.refresh()
                try await Task.sleep(for: self.interval)
            }
        }
        await refresh()
    }
}
