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
        try await decideAndKeep(line, rules: rules)
    }

    /// Takes a note (an operator's, or the service's own) as the next line, at the engine's latest event time.
    ///
    /// The note is written as a line and read back as any line is, so a note the stream reader would refuse (a
    /// text or a name too long) is refused here too, and the inbox never holds a line a restart cannot read.
    public func take(_ note: Note) async throws(SubmissionError) -> Submission {
        let event = Event(timestamp: Timestamp(milliseconds: eventTime), payload: .note(note))
        let line = EventEncoder(config: replay.engine.config).line(for: event, accounts: replay.decoder.accounts)
        return try await decideAndKeep(Array(line.utf8), rules: nil)
    }

    /// ``take(_:)`` once the run is live: a resumed run first decides again what its journal holds, and a note of
    /// something that happened meanwhile (a transaction sent) waits for it rather than being refused.
    public func takeWhenLive(_ note: Note) async throws(SubmissionError) -> Submission {
        while !isLive && !isFinished && inboxFailure == nil { try? await Task.sleep(for: .milliseconds(20)) }
        return try await take(note)
    }

    /// Feeds the resumed journal's inbox lines whose place has come; ``run()`` also does once a flush interval, for
    /// the lines whose place comes after the source's last.
    public func feedInbox() {
        while inboxFed < storedInbox.count, storedInbox[inboxFed].line <= lineNumber + 1 {
            decide(storedInbox[inboxFed].bytes, fromInbox: true)
            inboxFed += 1
        }
    }

    /// Decides `line` at the next place, at the engine's time, once it keeps `rules` if any, and keeps it.
    private func decideAndKeep(_ line: [UInt8], rules: LineRules?) async throws(SubmissionError) -> Submission {
        let number = lineNumber + 1
        try checkTakingLines(line, number: number, rules: rules)
        let event: Event
        let decision: Decision
        do {
            (event, decision) = try replay.decide(posted: line, number: number, stampedAt: eventTime, rules: rules)
        } catch {
            throw SubmissionError(unreadable: error)
        }
        return try await keep(event, decision, line: number)
    }

    /// Whether the service takes a line now. A line it could not read anyway is said to be unreadable first: a copy
    /// of the decoder reads it, which changes nothing.
    private func checkTakingLines(_ line: [UInt8], number: Int, rules: LineRules?) throws(SubmissionError) {
        let reason: String? =
            if isFinished {
                "the service is stopping"
            } else if inboxFailure != nil {
                "the service takes no more lines: its inbox could not be written"
            } else if !isLive {
                "the service is still deciding again what its journal holds; try again shortly"
            } else {
                nil
            }
        guard let reason else { return }
        var probe = replay.decoder
        do {
            _ = try probe.decode(line, number: number, stampedAt: eventTime, rules: rules)
        } catch {
            throw SubmissionError(unreadable: error)
        }
        throw SubmissionError(.unavailable, reason)
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
        guard let store = session?.store else { return submission }
        unsavedInbox += 1
        defer { unsavedInbox -= 1 }
        let kept = InboxLine(
            line: line,
            bytes: Array(
                EventEncoder(config: replay.engine.config).line(for: event, accounts: replay.decoder.accounts).utf8
            )
        )
        // As a task of its own, which the caller's cancellation (a stopping alerter's last dead letter) does not
        // reach: a line decided is a line kept.
        let failure = await Task { () async -> JournalError? in
            do throws(JournalError) {
                try await store.appendInbox(kept)
                return nil
            } catch {
                return error
            }
        }.value
        if let failure {
            inboxFailure = failure.message
            throw SubmissionError(.storage, failure.message, cause: failure)
        }
        return submission
    }
}
