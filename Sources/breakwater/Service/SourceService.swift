import BreakwaterEngine
import BreakwaterServer
import Logging
import ServiceLifecycle

/// Feeds the live engine from its source, watches for silence, and keeps the journal written; on a graceful
/// shutdown it stops reading and writes the rest of the journal, so nothing accepted is lost.
struct SourceService: Service {
    let engine: LiveEngine
    let source: LiveSource
    /// Without an event for this long the source is quiet: an alert on the feed and the status page.
    let quietAfter: Duration
    let logger: Logger

    func run() async throws {
        let (engine, source, quietAfter) = (engine, source, quietAfter)
        // Once a second: the silence check, and the journal written even when no batch is full.
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if await engine.checkQuiet(after: quietAfter) { logger.warning("the source \(source.name) is quiet: no event for \(quietAfter)") }
                await engine.feedInbox()
                do throws(JournalError) {
                    try await engine.flushJournal()
                } catch {
                    // The next line from the source stops the service with the same error.
                    logger.error("the journal cannot be written: \(error.message)")
                    return
                }
                await engine.refreshStatus()
            }
        }
        do {
            try await cancelWhenGracefulShutdown {
                try await source.run { line in try await engine.ingest(line) }
            }
            logger.info("the source \(source.name) has ended; serving until stopped")
            try await gracefulShutdown()
        } catch is CancellationError {
            // A graceful shutdown: stop reading.
        } catch {
            watchdog.cancel()
            throw error
        }
        // The watchdog stops before the last write, so no note or batch comes after it.
        watchdog.cancel()
        await watchdog.value
        try await engine.finish()
        let journal = await engine.journal()
        logger.info("journal written: \(journal.records) records, head \(journal.head)")
    }
}
