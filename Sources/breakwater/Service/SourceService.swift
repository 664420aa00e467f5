import BreakwaterPipeline
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
        let watchdog = Task { await watch() }
        let failure = await read()
        // The watchdog stops before the last write, so no note or batch comes after it.
        watchdog.cancel()
        await watchdog.value
        if let failure { throw failure }
        try await engine.finish()
        let journal = await engine.journal()
        logger.info("journal written: \(journal.records) records, head \(journal.head)")
    }

    /// Feeds the engine until the source ends and a graceful shutdown comes, or the shutdown comes first.
    ///
    /// - Returns: what stopped it otherwise (the journal cannot be written, the source cannot be read).
    private func read() async -> (any Error)? {
        do {
            try await cancelWhenGracefulShutdown {
                try await source.run { line in try await engine.ingest(line) }
            }
            logger.info("the source \(source.name) has ended; serving until stopped")
            try await gracefulShutdown()
            return nil
        } catch is CancellationError {
            // A graceful shutdown: stop reading.
            return nil
        } catch {
            return error
        }
    }

    /// Once a second, until cancelled: the silence check, the inbox lines due, the journal written even when no
    /// batch is full, and the status.
    private func watch() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { return }
            if await engine.checkQuiet(after: quietAfter) { logger.warning("the source \(source.name) is quiet: no event for \(quietAfter)") }
            await engine.feedInbox()
            if let failure = await writeJournal() {
                // The next line from the source stops the service with the same error.
                logger.error("the journal cannot be written: \(failure)")
                return
            }
            await engine.refreshStatus()
        }
    }

    /// Writes what the journal has not stored yet; why it cannot, if it cannot.
    private func writeJournal() async -> String? {
        do {
            try await engine.flushJournal()
            return nil
        } catch {
            return error.message
        }
    }
}
