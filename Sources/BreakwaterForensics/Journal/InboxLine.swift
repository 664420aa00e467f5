/// A line a service took from outside its source (a posted governance action, an operator's note, its own note
/// that the source went quiet), kept beside the journal with its place among the source's lines: a resumed run
/// feeds it again in the same place, so it gives the same journal.
///
/// Like a snapshot, it is not part of the hash chain: the event it holds is, once decided.
public struct InboxLine: Sendable, Hashable {
    /// How many source lines came before it.
    public var afterSourceLine: Int
    /// The event line, as it was decided.
    public var bytes: [UInt8]

    public init(afterSourceLine: Int, bytes: [UInt8]) {
        self.afterSourceLine = afterSourceLine
        self.bytes = bytes
    }
}
