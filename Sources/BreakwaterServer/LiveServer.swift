import BreakwaterCore
public import BreakwaterPipeline

/// What the routes serve: the live pipeline, its feed, the status board and the metrics.
public struct LiveServer: Sendable {
    /// The pipeline the routes read and post lines to.
    public let pipeline: LivePipeline
    /// The live feed, one of the pipeline's sinks.
    public let feed: LiveFeed
    /// The status and health, published for the routes to read.
    public let board: StatusBoard
    /// The Prometheus metrics, updated with each status.
    public let metrics: LiveMetrics

    /// The status board and the metrics around `pipeline`, which hands its decisions to `feed` (one of its sinks).
    public init(pipeline: LivePipeline, feed: LiveFeed) {
        self.pipeline = pipeline
        self.feed = feed
        let config = pipeline.config
        metrics = LiveMetrics(markets: config.markets.map(\.name), pools: config.pools.map(\.name))
        board = StatusBoard(pipeline: pipeline, feed: feed, metrics: metrics)
    }
}
