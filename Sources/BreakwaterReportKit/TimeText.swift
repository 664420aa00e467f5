import BreakwaterCore

/// Event time as people read it, in UTC: a clock, an RFC 3339 time, a span.
///
/// Written by hand from the milliseconds, so a report's text never depends on the machine's time zone or locale.
public enum TimeText {
    /// `19:30:30.200`: the UTC time of day of a millisecond timestamp.
    public static func clock(_ milliseconds: Int64) -> String {
        let ms = ((milliseconds % 86_400_000) + 86_400_000) % 86_400_000
        return "\(pad(ms / 3_600_000, 2)):\(pad(ms / 60_000 % 60, 2)):\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))"
    }

    /// `2026-12-02T19:30:30.200Z`: RFC 3339 in UTC, to the millisecond.
    public static func utc(_ milliseconds: Int64) -> String {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let (year, month, day) = CivilCalendar.date(days: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(clock(milliseconds))Z"
    }

    /// `1m50s`, `2h05m`, `350ms`: a span of event time.
    public static func span(milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return milliseconds % 1000 == 0 ? "\(seconds)s" : "\(seconds).\(milliseconds % 1000 / 100)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(pad(seconds % 60, 2))s" }
        return "\(seconds / 3600)h\(pad(seconds / 60 % 60, 2))m"
    }

    /// `value` with zeros before it up to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
