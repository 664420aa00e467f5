/// A point in event time: milliseconds since the Unix epoch, taken from the event, never from a clock.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var milliseconds: Int64

    @inlinable public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The time `duration` milliseconds later, saturating instead of trapping.
    @inlinable public func advanced(by duration: Int64) -> Timestamp {
        Timestamp(
            milliseconds: milliseconds.addingReportingOverflow(duration).overflow ? .max : milliseconds + duration
        )
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later), saturating.
    @inlinable public func milliseconds(since earlier: Timestamp) -> Int64 {
        let (difference, overflow) = milliseconds.subtractingReportingOverflow(earlier.milliseconds)
        return overflow ? (earlier.milliseconds < 0 ? .max : .min) : difference
    }

    public var description: String { String(milliseconds) }
}
