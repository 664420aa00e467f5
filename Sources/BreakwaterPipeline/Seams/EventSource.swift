/// Where a deployment's events come from: a file, a file that grows, standard input, the simulated market (each a
/// type in `BreakwaterSources`) and an EVM chain (`BreakwaterChain`). The pipeline reads them all alike, as lines of
/// the JSON Lines event stream (`docs/events.md`).
///
/// A source does the reading only; what a line means, and whether it is bad, is the pipeline's to say.
public protocol EventSource: Sendable {
    /// How the status page and the logs name the source: `file events.jsonl`, `standard input`, `simulated`.
    var name: String { get }

    /// Whether its events were mined on a chain: facts the engine applies as an observer, never refuses
    /// (``Engine/Configuration/observes``). `false` unless the source says otherwise.
    var minesFacts: Bool { get }

    /// Hands every line to `body`, in order, as it comes, without its newline, and returns when the source ends (a
    /// followed file never does) or the task is cancelled. The bytes are lent for the call.
    ///
    /// `body` returns whether the run has caught up with the journal it resumed: a source that paces its lines by
    /// their event time paces only from then on, so what the journal held is decided again at full speed.
    ///
    /// - Throws: why the source cannot be read, or what `body` throws.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws
}

extension EventSource {
    public var minesFacts: Bool { false }
}
