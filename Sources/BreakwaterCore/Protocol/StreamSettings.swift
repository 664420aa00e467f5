/// How the event stream is read: the longest line taken, and how far one line may move the stream's clock.
///
/// A line whose time jumps more than ``maxTimeJumpMilliseconds`` past the stream's is held until the next
/// ``confirmLines`` lines confirm the jump or refuse it, so one malformed time cannot make every later line an error.
public struct StreamSettings: Sendable, Hashable, Codable {
    /// A line's time may be this far past the stream's without being held.
    public var maxTimeJumpMilliseconds: Int64
    /// How many lines after a jump, each within the jump bound of the one before and in order, confirm it.
    public var confirmLines: Int64
    /// A line longer than this many bytes (newline excluded) is a bad line, read past without being held.
    public var maxLineBytes: Int64

    public init(
        maxTimeJumpMilliseconds: Int64 = 7 * 24 * 3_600_000,
        confirmLines: Int64 = 3,
        maxLineBytes: Int64 = 1 << 20
    ) {
        self.maxTimeJumpMilliseconds = maxTimeJumpMilliseconds
        self.confirmLines = confirmLines
        self.maxLineBytes = maxLineBytes
    }
}
