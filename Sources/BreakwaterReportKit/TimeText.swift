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
        let (year, month, day) = civil(fromDays: days)
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

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `value` with zeros before it up to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
