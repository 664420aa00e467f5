public import BreakwaterCore
public import BreakwaterEngine
public import BreakwaterFormats

/// A line decided: its number in the stream, its event, what the engine did, and the journal record of it.
public struct DecidedLine: Sendable {
    public let line: Int
    public let event: Event
    public let decision: Decision
    /// The number of the decision's journal record: the journal's count once it was recorded.
    public let record: Int
}

/// What one line let through: the lines it decided (itself, or lines held before it) and the errors it caused.
public struct LineOutcome: Sendable {
    public internal(set) var decided: [DecidedLine] = []
    public internal(set) var errors: [StreamError] = []
}

extension Replay {
    /// A line whose time jumped more than `stream.max_time_jump_ms` past the stream's, held with the lines read
    /// after it. They are read on a trial reader that takes the jump as real, to see whether they confirm it.
    struct HeldJump: Sendable {
        var line: [UInt8]
        var number: Int
        /// The held line's time.
        var time: Int64
        /// The error the held line is if the jump is refused.
        var jump: StreamError
        /// The lines read after it that decoded, each read again in its turn: at most `stream.confirm_lines`.
        var after: [(line: [UInt8], number: Int)] = []
        var confirmations: Int64 = 0
        var trial: EventDecoder
    }

    /// ``decide(line:number:)`` for a line taken from outside the source and read back from a service's inbox:
    /// decided at once beside a held line, as it was when it was taken (``decide(posted:number:stampedAt:rules:)``
    /// holds nothing).
    public mutating func decide(inboxLine bytes: UnsafeBufferPointer<UInt8>, number: Int) -> LineOutcome {
        let (held, limit) = (self.held, decoder.maxTimeJump)
        (self.held, decoder.maxTimeJump) = (nil, nil)
        defer { (self.held, decoder.maxTimeJump) = (held, limit) }
        return decide(line: bytes, number: number)
    }

    /// Whether a line is held, waiting for the lines after it to confirm its time: no snapshot is taken then.
    public var isHolding: Bool { held != nil }

    /// Holds a line whose time jumped.
    mutating func hold(
        _ bytes: UnsafeBufferPointer<UInt8>,
        number: Int,
        jump: StreamError,
        into outcome: inout LineOutcome
    ) {
        var trial = decoder
        trial.maxTimeJump = nil
        guard let event = try? trial.decode(bytes, number: number) else { return report(jump, into: &outcome) }
        held = HeldJump(
            line: Array(bytes),
            number: number,
            time: event.timestamp.milliseconds,
            jump: jump,
            trial: trial
        )
    }

    /// A line read while one is held: it confirms the jump (in order, and within the bound of the held line's
    /// time), refuses it (out of order, or further still), or is bad: reported at once and not kept, since what
    /// makes it bad does not depend on the clock, so a stream of bad lines behind a held one holds nothing more.
    mutating func readWhileHolding(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, into outcome: inout LineOutcome) {
        guard var held else { return }
        let stream = decoder.config.stream
        do throws(StreamError) {
            let event = try held.trial.decode(bytes, number: number)
            let (gap, overflow) = event.timestamp.milliseconds.subtractingReportingOverflow(held.time)
            guard !overflow, gap <= stream.maxTimeJumpMilliseconds else {
                return refuse(held, then: Array(bytes), number: number, into: &outcome)
            }
            held.after.append((Array(bytes), number))
            held.confirmations += 1
            guard held.confirmations >= stream.confirmLines else {
                self.held = held
                return
            }
            confirm(held, into: &outcome)
        } catch  where error.code == .outOfOrder {
            refuse(held, then: Array(bytes), number: number, into: &outcome)
        } catch {
            report(error, into: &outcome)
        }
    }

    /// The jump was real: the held line and the lines after it are decided, in order.
    private mutating func confirm(_ held: HeldJump, into outcome: inout LineOutcome) {
        self.held = nil
        let limit = decoder.maxTimeJump
        decoder.maxTimeJump = nil
        readAgain(held.line, number: held.number, into: &outcome)
        decoder.maxTimeJump = limit
        for (line, number) in held.after { readAgain(line, number: number, into: &outcome) }
    }

    /// The jump was not real: the held line is an error, and the lines after it are read again against the old
    /// clock, `line` last (any of them may be held in turn).
    private mutating func refuse(
        _ held: HeldJump,
        then line: [UInt8],
        number: Int,
        into outcome: inout LineOutcome
    ) {
        self.held = nil
        report(held.jump, into: &outcome)
        for (line, number) in held.after + [(line, number)] { readAgain(line, number: number, into: &outcome) }
    }

    private mutating func readAgain(_ line: [UInt8], number: Int, into outcome: inout LineOutcome) {
        line.withUnsafeBufferPointer { read($0, number: number, into: &outcome) }
    }

    /// The stream has ended: a line still held is an error, and the lines after it are read again against the
    /// old clock (until none is held).
    public mutating func endOfStream() -> LineOutcome {
        var outcome = LineOutcome()
        while let held {
            self.held = nil
            report(held.jump, into: &outcome)
            for (line, number) in held.after { readAgain(line, number: number, into: &outcome) }
        }
        return outcome
    }
}
