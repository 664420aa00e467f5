public import BreakwaterAlerting
public import BreakwaterCore
public import BreakwaterForensics
import BreakwaterEngine
import BreakwaterFormats

extension LiveEngine {
    /// Decides a line from outside the source (a posted governance action, an operator's note) like any line of
    /// the stream, and keeps it in the journal's inbox, in its place among the source's lines.
    ///
    /// A line that cannot be read is refused before it is decided: it changes nothing and is not kept.
    ///
    /// - Parameter stampingTime: give the line (one JSON object without `ts`) the engine's latest event time, as it
    ///   is when the line is decided.
    /// - Returns: what the engine decided.
    /// - Throws: ``SubmissionError`` when the line is unreadable, the service cannot take lines now, or the inbox
    ///   cannot be written.
    public func submit(_ line: [UInt8], stampingTime: Bool = false) async throws(SubmissionError) -> Submission {
        guard !isFinished else { throw .unavailable("the service is stopping") }
        // Stamped here, on the actor: no source line can come between the time read and the line decided.
        var line = line
        if stampingTime, let brace = line.firstIndex(of: UInt8(ascii: "{")) {
            line.insert(contentsOf: Array(#""ts":\#(eventTime),"#.utf8), at: brace + 1)
        }
        guard isCaughtUp, inboxFed == storedInbox.count else {
            throw .unavailable("the service is still deciding again what its journal holds; try again shortly")
        }
        var probe = replay.decoder
        do {
            _ = try probe.decode(line, number: lineNumber + 1)
        } catch {
            throw .unreadable(field: error.field, message: error.message)
        }
        let kept = InboxLine(afterSourceLine: sourceLines, bytes: line)
        // Decided now, on the actor, so nothing comes between its place and its decision; the journal waits for
        // the inbox write below.
        guard let (event, decision) = decide(line) else { throw .unreadable(field: nil, message: "the line holds no event") }
        unsavedInbox += 1
        defer { unsavedInbox -= 1 }
        do {
            try await session?.store.appendInbox(kept)
        } catch {
            throw .storage(error.message)
        }
        refreshStatus()
        return submission(line: lineNumber, event: event, decision: decision)
    }

    /// The time of the engine's latest event, in milliseconds since the epoch: what a posted line without `ts` is
    /// stamped with.
    public var eventTime: Int64 { replay.engine.lastTimestamp?.milliseconds ?? 0 }

    /// Takes a note (an operator's, or the service's own) as the next line.
    public func take(_ note: Note) async throws(SubmissionError) -> Submission {
        let timestamp = Timestamp(milliseconds: eventTime)
        let line = EventEncoder(config: replay.engine.config).line(for: Event(timestamp: timestamp, payload: .note(note)), accounts: replay.decoder.accounts)
        return try await submit(Array(line.utf8))
    }

    /// Records an alert that could not be delivered as an `alert_failed` note on its incident.
    public func record(_ deadLetter: DeadLetter) async {
        let text = "alert to \(deadLetter.target) (\(deadLetter.state.rawValue)) not delivered after \(deadLetter.attempts) attempts: \(deadLetter.lastError)"
        _ = try? await take(Note(action: .alertFailed, author: "service", incident: deadLetter.incident, text: String(text.utf8.prefix(Note.maximumTextBytes)) ?? text))
    }

    /// Feeds the resumed journal's inbox lines whose place has come: those after at most the source lines read (the
    /// source service calls it when the source has nothing to read).
    public func feedInbox() {
        while inboxFed < storedInbox.count, storedInbox[inboxFed].afterSourceLine <= sourceLines {
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

/// What the engine decided on a submitted line: `POST` answers with it.
public struct Submission: Codable, Sendable {
    /// The line's place in the service's stream (source and inbox together).
    public var line: Int
    public var accepted: Bool
    /// Why it was refused: a stable code and a sentence; `null` when accepted.
    public var code: String?
    public var reason: String?
    public var signals: [ReplayReport.SignalEntry]
    public var actions: [ReplayReport.ActionEntry]
    /// The incident steps it took.
    public var incidents: [Step]

    public struct Step: Codable, Sendable {
        public var incident: String
        /// `opened`, `contained`, `acknowledged`, `noted`, `resolved`, …
        public var step: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(code, forKey: .code)
        try container.encode(reason, forKey: .reason)
        try container.encode(signals, forKey: .signals)
        try container.encode(actions, forKey: .actions)
        try container.encode(incidents, forKey: .incidents)
    }

    enum CodingKeys: String, CodingKey {
        case line, accepted, code, reason, signals, actions, incidents
    }
}

/// Why a submitted line was not taken.
public enum SubmissionError: Error, Sendable {
    /// The line is not an event the stream format reads: nothing was decided.
    case unreadable(field: String?, message: String)
    /// The service is stopping, or still deciding again what its journal holds.
    case unavailable(String)
    /// The inbox could not be written.
    case storage(String)

    public var message: String {
        switch self {
        case .unreadable(let field, let message): field.map { "\($0): \(message)" } ?? message
        case .unavailable(let message), .storage(let message): message
        }
    }
}
