/// A line a service took from outside its source (a posted governance action, an operator's note, its own note
/// that the source went quiet), kept beside the journal with its place in the service's stream: a resumed run feeds
/// it again there, so it gives the same journal.
///
/// Like a snapshot, it is not part of the hash chain: the event it holds is, once decided.
public struct InboxLine: Sendable, Hashable {
    /// Its 1-based place among the lines the service decided, from its source and its inbox together.
    public var line: Int
    /// The event line, as it was decided.
    public var bytes: [UInt8]

    public init(line: Int, bytes: [UInt8]) {
        self.line = line
        self.bytes = bytes
    }
}
