extension Replay {
    /// Feeds every line of `source` to the replay, in order, and writes its journal through `session` as it goes:
    /// a batch, or a snapshot of the replay's state, whenever one is due, and the rest at the end. What `replay`
    /// runs and `bench` measures.
    ///
    /// The lines a resumed journal's snapshot covers are read past, not decided again.
    ///
    /// - Parameters:
    ///   - source: where the lines come from.
    ///   - session: the journal, if the run keeps one.
    ///   - stopAtFirstError: stop at the first bad line instead of reporting it and going on.
    ///   - progressInterval: call `progress` every this many lines with the count so far; `0` never.
    /// - Returns: the number of lines read.
    /// - Throws: ``ReplayRunError`` if the source cannot be read, a line is bad and the run stops at the first, or
    ///   the journal cannot be written or holds another run.
    @discardableResult
    public mutating func run(
        _ source: some EventSource,
        journal session: inout JournalSession?,
        stopAtFirstError: Bool = false,
        progressInterval: Int = 0,
        progress: (Int) -> Void = { _ in }
    ) async throws(ReplayRunError) -> Int {
        var number = 0
        let skipped = session?.resumeLine ?? 0
        do {
            try await source.forEachLine { line in
                number += 1
                if number <= skipped { return false }
                if let error = feed(line: line, number: number), stopAtFirstError {
                    throw ReplayRunError(.badLine, "\(error) (stopping: --strict)", cause: error)
                }
                if progressInterval > 0, number % progressInterval == 0 { progress(number) }
                if let due = session?.isDue(self, line: number), due {
                    try await session?.checkpoint(&self, line: number)
                }
                return true
            }
            if number < skipped {
                throw JournalError(
                    .streamMismatch,
                    "the stream ends at line \(number), before line \(skipped) where the journal's snapshot was taken: "
                        + "it is not the stream the journal was written from"
                )
            }
            let ended = endOfStream()
            if let error = ended.errors.first, stopAtFirstError {
                throw ReplayRunError(.badLine, "\(error) (stopping: --strict)", cause: error)
            }
            try await session?.finish(&self)
        } catch let error as ReplayRunError {
            throw error
        } catch let error as JournalError {
            throw ReplayRunError(.journal, error.message, cause: error)
        } catch {
            throw ReplayRunError(.unreadableSource, "cannot read \(source.name)", cause: error)
        }
        return number
    }
}
