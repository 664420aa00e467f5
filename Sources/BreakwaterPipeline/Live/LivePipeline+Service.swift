import Logging
public import ServiceLifecycle

extension LivePipeline: Service {
    /// Once a flush interval until a graceful shutdown: the inbox lines whose place has come, and the journal
    /// written even when no batch is full. Then the rest of the journal, and the sinks told that nothing more
    /// comes.
    ///
    /// A journal that cannot be written is said in the log once, and the service goes on serving what it has; the
    /// next line from the source stops it with the same error.
    ///
    /// - Throws: ``JournalError`` if the rest of the journal cannot be written when it stops.
    public nonisolated func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.interval)
                await self.feedInbox()
                do {
                    try await self.flushJournal()
                } catch {
                    self.logger.error("the journal cannot be written: \(error)")
                    try await gracefulShutdown()
                }
            }
        }
        // As a task of its own: a group cancelled by another service's failure still gets the journal written.
        try await Task { try await self.finish() }.value
        let journal = await journal()
        logger.info("journal written: \(journal.records) records, head \(journal.head)")
    }
}
