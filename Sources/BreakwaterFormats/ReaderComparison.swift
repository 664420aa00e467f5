package import BreakwaterCore

/// The fast reader and the reference reader side by side on the same lines: what the property test, the fuzz
/// target and the readers' benchmark hold equal.
package struct ReaderComparison: Sendable {
    /// What the two readers made of one line they disagree on.
    package struct Disagreement: Sendable, CustomStringConvertible {
        package var line: [UInt8]
        package var fast: Result<Event, StreamError>
        package var reference: Result<Event, StreamError>

        package var description: String {
            "line \(String(decoding: line, as: UTF8.self).debugDescription): fast \(fast), reference \(reference)"
        }
    }

    private var fast: EventDecoder
    private var reference: ReferenceEventDecoder
    /// The reference reader's verdict on the last line compared.
    package private(set) var verdict: Result<Event, StreamError>?

    /// Both readers on `config`, refusing a time jump past `stream.max_time_jump_ms` as a replay does (so one
    /// mutated time does not put every later line out of order).
    package init(config: ProtocolConfig) {
        fast = EventDecoder(config: config)
        fast.maxTimeJump = config.stream.maxTimeJumpMilliseconds
        reference = ReferenceEventDecoder(config: config)
        reference.maxTimeJump = config.stream.maxTimeJumpMilliseconds
    }

    /// Reads `line` with both readers: `nil` when they give the same event or the same error (line, field,
    /// message) and have interned the same accounts.
    package mutating func compare(_ line: [UInt8], number: Int) -> Disagreement? {
        let fastResult = Result { () throws(StreamError) in try fast.decode(line, number: number) }
        let referenceResult = Result { () throws(StreamError) in try reference.decode(line, number: number) }
        verdict = referenceResult
        guard fastResult != referenceResult || fast.accounts != reference.accounts else { return nil }
        return Disagreement(line: line, fast: fastResult, reference: referenceResult)
    }
}
