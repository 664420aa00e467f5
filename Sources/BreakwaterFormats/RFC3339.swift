import Foundation

/// Parses RFC 3339 timestamps (`2022-10-11T22:05:00Z`, with optional fractional seconds or an offset).
enum RFC3339 {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Milliseconds since the epoch, or `nil` if the text is not RFC 3339.
    static func milliseconds(from text: String) -> Int64? {
        guard let date = (try? plain.parse(text)) ?? (try? fractional.parse(text)) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// An event time as a person writes it on a command line: integer milliseconds since the epoch, or RFC 3339.
public enum EventTimeText {
    /// Milliseconds since the epoch, or `nil` if `text` is neither.
    public static func milliseconds(_ text: String) -> Int64? {
        Int64(text) ?? RFC3339.milliseconds(from: text)
    }
}
