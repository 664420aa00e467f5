import BreakwaterCore

/// Reads RFC 3339 `date-time` (section 5.6) strictly: `2022-10-11T22:05:00Z`, with optional fractional seconds and
/// a `Z` or `±hh:mm` offset; `T` and `Z` in either case. A time that does not exist is refused, never moved: a month
/// past 12, a day past its month's last (29 February only in a leap year), an hour past 23, a minute past 59, a second
/// past 59 but for a leap second (`:60`, only as the last second of 30 June or 31 December in UTC).
enum RFC3339 {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// Milliseconds since the epoch, fractional seconds rounded to the nearest millisecond (halves up); a leap
    /// second is its day's last millisecond (`23:59:59.999`), so that times never go back. `nil` if the text is not
    /// an RFC 3339 time that exists.
    static func milliseconds(from text: String) -> Int64? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.number(digits: 4), reader.take("-"), let month = reader.number(digits: 2),
            reader.take("-"), let day = reader.number(digits: 2), reader.take("T") || reader.take("t"),
            let hour = reader.number(digits: 2), reader.take(":"), let minute = reader.number(digits: 2),
            reader.take(":"), let second = reader.number(digits: 2)
        else { return nil }
        let fraction = reader.take(".") ? reader.roundedMilliseconds() : 0
        guard let fraction, let offset = reader.offsetMinutes(), reader.isAtEnd,
            (1...12).contains(month), (1...lastDay(of: month, in: year)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let seconds = Int64(hour * 3_600 + minute * 60 + min(second, 59))
        let days = CivilCalendar.days(year: Int64(year), month: Int64(month), day: Int64(day))
        let local = days * millisecondsPerDay + seconds * 1_000
        let utc = local - Int64(offset) * 60_000
        guard second == 60 else { return utc + Int64(fraction) }
        // A leap second: the last second of a UTC day that may have one.
        let (utcDay, timeOfDay) = utc.quotientAndRemainder(dividingBy: millisecondsPerDay)
        let (_, utcMonth, utcDate) = CivilCalendar.date(days: utcDay - (timeOfDay < 0 ? 1 : 0))
        guard timeOfDay == 86_399_000 || timeOfDay == -1_000,
            (utcMonth, utcDate) == (6, 30) || (utcMonth, utcDate) == (12, 31)
        else { return nil }
        return utc + 999
    }

    /// The days in `month` of `year`.
    private static func lastDay(of month: Int, in year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A cursor over the text's bytes.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        /// Moves past `character` if it is next.
        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: character) else { return false }
            offset += 1
            return true
        }

        /// Exactly `digits` decimal digits.
        mutating func number(digits: Int) -> Int? {
            guard offset + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[offset..<offset + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            offset += digits
            return value
        }

        /// One or more digits after the point, as milliseconds rounded half up (0 to 1000).
        mutating func roundedMilliseconds() -> Int? {
            var milliseconds = 0
            var count = 0
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
                let digit = Int(bytes[offset] - UInt8(ascii: "0"))
                if count < 3 { milliseconds = milliseconds * 10 + digit }
                if count == 3, digit >= 5 { milliseconds += 1 }
                count += 1
                offset += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 3) { milliseconds *= 10 }
            return milliseconds
        }

        /// `Z` or `z` (0), or `+hh:mm` / `-hh:mm` with an hour to 23 and a minute to 59.
        mutating func offsetMinutes() -> Int? {
            if take("Z") || take("z") { return 0 }
            let sign: Int
            if take("+") {
                sign = 1
            } else if take("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(digits: 2), take(":"), let minutes = number(digits: 2), hours <= 23,
                minutes <= 59
            else { return nil }
            return sign * (hours * 60 + minutes)
        }
    }
}

/// An event time as a person writes it on a command line: integer milliseconds since the epoch, or RFC 3339.
public enum EventTimeText {
    /// Milliseconds since the epoch, or `nil` if `text` is neither.
    public static func milliseconds(_ text: String) -> Int64? {
        Int64(text) ?? RFC3339.milliseconds(from: text)
    }
}
