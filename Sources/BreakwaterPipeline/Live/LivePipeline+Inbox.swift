public import BreakwaterCore
import BreakwaterEngine
public import BreakwaterFormats

extension LivePipeline {
    /// Decides a line from outside the source (a posted governance action) at the engine's latest event time,
    /// whatever its `ts`, like any line of the stream, and keeps it in the journal's inbox at its place in the
    /// service's stream. The line is parsed once, and checked against `rules` as it is; the inbox keeps the event
    /// written again with its time.
    ///
    /// A line that cannot be read, or breaks `rules`, is refused before it is decided: it changes nothing and is
    /// not kept.
    ///
    /// - Returns: what the engine decided.
    /// - Throws: ``SubmissionError`` when the line is unreadable, the service cannot take lines now, or the inbox
    ///   cannot be written.
    public func submit(_ line: [UInt8], rules: LineRules) async throws(SubmissionError) -> Submission {
        try checkTakingLines()
        let number = lineNumber + 1
        let event: Event
        let decision: Decision
        do {
            (event, decision) = try replay.decide(posted: line, number: number, stampedAt: eventTime, rules: rules)
        } catch {
            throw SubmissionError(unreadable: error)
        }
        return try await keep(event, decision, line: number)
    }

    /// Takes a note (an operator's, or the service's own) as the next line, at the engine's latest event time.
    public func take(_ note: Note) async throws(SubmissionError) -> Submission {
        try checkTakingLines()
        let number = lineNumber + 1
        let event = Event(timestamp: Timestamp(milliseconds: eventTime), payload: .note(note))
        return try await keep(event, replay.decide(event, line: number), line: number)
    }

    /// Feeds the resumed journal's inbox lines whose place has come (``run()`` also does when the source has
    /// nothing to read).
    public func feedInbox() {
        while inboxFed < storedInbox.count, storedInbox[inboxFed].line <= lineNumber + 1 {
            decide(storedInbox[inboxFed].bytes)
            inboxFed += 1
        }
    }

    private func checkTakingLines() throws(SubmissionError) {
        guard !isFinished else { throw SubmissionError(.unavailable, "the service is stopping") }
        guard inboxFailure == nil else {
            throw SubmissionError(.unavailable, "the service takes no more lines: its inbox could not be written")
        }
        guard isLive else {
            throw SubmissionError(
                .unavailable,
                "the service is still deciding again what its journal holds; try again shortly"
            )
        }
    }

    /// An event just decided at its place `line`: handed to the sinks, and kept in the inbox (decided on the actor
    /// first, so nothing comes between its place and its decision; the journal waits for the inbox write).
    private func keep(_ event: Event, _ decision: Decision, line: Int) async throws(SubmissionError) -> Submission {
        lineNumber = line
        changes += 1
        published(event, decision, line: line)
        let (signals, actions) = replay.entries(of: decision, for: event)
        let submission = Submission(
            line: line,
            accepted: decision.isAccepted,
            code: decision.rejection?.code.rawValue,
            reason: decision.rejection?.message,
            signals: signals,
            actions: actions,
            incidents: decision.incidentSteps.map { Submission.Step(incident: $0.incident, step: $0.kind.rawValue) }
        )
        unsavedInbox += 1
        defer { unsavedInbox -= 1 }
        let bytes = Array(
            EventEncoder(config: replay.engine.config).line(for: event, accounts: replay.decoder.accounts).utf8
        )
        do {
            try await session?.store.appendInbox(InboxLine(line: line, bytes: bytes))
        } catch {
            inboxFailure = error.message
            throw SubmissionError(.storage, error.message, cause: error)
        }
        return submission
    }
}
