public import BreakwaterPipeline
public import Logging
public import ServiceLifecycle
import Synchronization

/// Feeds a live pipeline from its source and watches the source for silence. On a graceful shutdown it stops
/// reading; the pipeline writes the rest of its journal.
public struct SourceService: Service {
    let source: any EventSource
    let pipeline: LivePipeline
    /// Without a line for this long the source is quiet: a source-outage incident.
    let quietAfter: Duration
    let logger: Logger

    /// - Parameters:
    ///   - source: where lines come from.
    ///   - pipeline: what decides them.
    ///   - quietAfter: how long without a line before the source counts as quiet.
    ///   - logger: where the source's end and silence are said.
    public init(source: any EventSource, pipeline: LivePipeline, quietAfter: Duration, logger: Logger) {
        self.source = source
        self.pipeline = pipeline
        self.quietAfter = quietAfter
        self.logger = logger
    }

    /// Feeds the pipeline and watches the source for silence, until a graceful shutdown.
    public func run() async throws {
        let lastLine = LastLine()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watch(since: lastLine) }
            defer { group.cancelAll() }
            try await read(noting: lastLine)
        }
    }

    /// Feeds the pipeline until the source ends and a graceful shutdown comes, or the shutdown comes first. A source
    /// that stops with an error is first told to the pipeline, which opens an incident and alerts it.
    ///
    /// - Throws: why the source cannot be read, or the journal written.
    private func read(noting lastLine: LastLine) async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await source.forEachLine { line in
                    lastLine.now()
                    return try await pipeline.ingest(Array(line))
                }
            }
            try await pipeline.sourceEnded()
            logger.info("the source \(source.name) has ended; serving until stopped")
            try await gracefulShutdown()
        } catch is CancellationError {
            // A graceful shutdown: stop reading.
        } catch {
            await pipeline.sourceStopped(because: "\(error)")
            throw error
        }
    }

    /// Once a second, until cancelled: whether the source has been silent for longer than ``quietAfter``. The
    /// service's clock, which the engine never reads, measures it.
    private func watch(since lastLine: LastLine) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            guard !Task.isCancelled, lastLine.elapsed > quietAfter else { continue }
            if await pipeline.sourceWentQuiet(after: quietAfter) {
                logger.warning("the source \(source.name) is quiet: no event for \(quietAfter)")
            }
        }
    }
}

/// When the source last gave a line.
private final class LastLine: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    func now() { instant.withLock { $0 = .now } }

    var elapsed: Duration { ContinuousClock.now - instant.withLock { $0 } }
}
