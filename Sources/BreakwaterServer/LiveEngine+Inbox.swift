public import BreakwaterAlerting
public import BreakwaterCore
import BreakwaterPipeline
import BreakwaterEngine
import BreakwaterFormats

extension LiveEngine {
    /// Decides a line from outside the source (a posted governance action, an operator's note) like any line of
    /// the stream, and keeps it in the journal's inbox at its place in the service's stream.
    ///
    /// A line that cannot be read is refused before it is decided: it changes nothing and is not kept.
    ///
    /// - Parameter stampingTime: decide the line at the engine's latest event time, whatever its `ts`: the line
    ///   kept is the event written again with that time. The service decides when a posted line happens.
    /// - Returns: what the engine decided.
    /// - Throws: ``SubmissionError`` when the line is unreadable, the service cannot take lines now, or the inbox
    ///   cannot be written.
    public func submit(_ line: [UInt8], stampingTime: Bool = false) async throws(SubmissionError) -> Submission {
        guard !isFinished else { throw .unavailable("the service is stopping") }
        guard inboxFailure == nil else { throw .unavailable("the service takes no more lines: its inbox could not be written") }
        guard isLive else { throw .unavailable("the service is still deciding again what its journal holds; try again shortly") }
        let number = lineNumber + 1
        var probe = replay.decoder
        let kept: [UInt8]
        do {
            if stampingTime {
                let event = try probe.decode(line, number: number, stampedAt: eventTime)
                kept = Array(EventEncoder(config: replay.engine.config).line(for: event, accounts: probe.accounts).utf8)
            } else {
                _ = try probe.decode(line, number: number)
                kept = line
            }
        } catch {
            throw .unreadable(field: error.field, message: error.message)
        }
        // Decided now, on the actor, so nothing comes between its place and its decision; the journal waits for
        // the inbox write below.
        guard let (event, decision) = decide(kept) else { throw .unreadable(field: nil, message: "the line holds no event") }
        let submission = submission(line: number, event: event, decision: decision)
        unsavedInbox += 1
        defer { unsavedInbox -= 1 }
        do {
            try await session?.store.appendInbox(InboxLine(line: number, bytes: kept))
        } catch {
            inboxFailure = error.message
            throw .storage(error.message)
        }
        refreshStatus()
        return submission
    }

    /// The time of the engine's latest event, in milliseconds since the epoch: when a posted line happens.
    public var eventTime: Int64 { replay.engine.lastTimestamp?.milliseconds ?? 0 }

    /// Takes a note (an operator's, or the service's own) as the next line, at the engine's latest event time.
    public func take(_ note: Note) async throws(SubmissionError) -> Submission {
        let event = Event(timestamp: Timestamp(milliseconds: eventTime), payload: .note(note))
        let line = EventEncoder(config: replay.engine.config).line(for: event, accounts: replay.decoder.accounts)
        return try await submit(Array(line.utf8))
    }

    /// Records an alert that could not be delivered as an `alert_failed` note on its incident.
    public func record(_ deadLetter: DeadLetter) async throws(SubmissionError) {
        var text = "alert to \(deadLetter.target) (\(deadLetter.state.rawValue)) not delivered after \(deadLetter.attempts) attempts: \(deadLetter.lastError)"
        while text.utf8.count > Note.maximumTextBytes { text.removeLast() }
        _ = try await take(Note(action: .alertFailed, author: "service", incident: deadLetter.incident, text: text))
    }

    /// Feeds the resumed journal's inbox lines whose place has come (the source service also calls it when the
    /// source has nothing to read).
    public func feedInbox() {
        while inboxFed < storedInbox.count, storedInbox[inboxFed].line <= lineNumber + 1 {
            decide(storedInbox[inboxFed].bytes)
            inboxFed += 1
        }
    }

    private func submission(line: Int, event: Event, decision: Decision) -> Submission {
        let (signals, actions) = replay.entries(of: decision, for: event)
        return Submission(
            line: line,
            accepted: decision.isAccepted,
            code: decision.rejection?.code.rawValue,
            reason: decision.rejection?.message,
            signals: signals,
            actions: actions,
            incidents: decision.incidentSteps.map { Submission.Step(incident: $0.incident, step: $0.kind.rawValue) }
        )
    }
}
