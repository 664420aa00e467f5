import BreakwaterCore
import BreakwaterEngine
public import BreakwaterPipeline
public import Logging

/// What the routes serve: the live pipeline, its feed, the status board and the metrics.
public struct LiveServer: Sendable {
    public let pipeline: LivePipeline
    public let feed: LiveFeed
    public let board: StatusBoard
    public let metrics: LiveMetrics

    /// A pipeline on `replay`, with the live feed as its first sink and `sinks` after it.
    ///
    /// - Parameters:
    ///   - replay: the replay to feed, not fed yet.
    ///   - session: its journal, when there is one.
    ///   - inbox: the journal's inbox, when it is resumed.
    ///   - source: how the status names the source.
    ///   - sinks: what else hears of each decision (alerting).
    ///   - logger: where the pipeline says what it wrote.
    public init(
        replay: Replay,
        session: JournalSession?,
        inbox: [InboxLine] = [],
        source: String,
        sinks: [any DecisionSink] = [],
        logger: Logger = Logger(label: "breakwater")
    ) {
        let config = replay.engine.config
        feed = LiveFeed()
        metrics = LiveMetrics(markets: config.markets.map(\.name), pools: config.pools.map(\.name))
        pipeline = LivePipeline(
            replay: replay,
            session: session,
            inbox: inbox,
            source: source,
            sinks: [feed] + sinks,
            logger: logger
        )
        board = StatusBoard(pipeline: pipeline, feed: feed, metrics: metrics)
    }
}
