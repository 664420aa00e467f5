import Foundation
import PropertyBased
import Testing

@testable import BreakwaterFormats

/// RFC 3339 times, read strictly: what does not exist is refused, never moved to another time.
@Suite struct RFC3339Tests {
    @Test(arguments: [
        "2022-10-10T42:06:40.000Z",  // hour 42 was read as the next day's 18:06:40
        "2023-02-30T00:00:00Z",  // 30 February was read as 2 March
        "2023-02-29T00:00:00Z",  // not a leap year
        "2100-02-29T00:00:00Z",  // a century that is not a leap year
        "2023-04-31T00:00:00Z",
        "2023-13-01T00:00:00Z",
        "2023-00-10T00:00:00Z",
        "2023-01-00T00:00:00Z",
        "2023-01-01T00:66:00Z",  // minute 66
        "2023-01-01T00:00:90Z",  // second 90
        "2023-01-01T24:00:00Z",
        "2016-12-30T23:59:60Z",  // a leap second only ends 30 June or 31 December, in UTC
        "2016-12-31T23:58:60Z",
        "2016-12-31T23:59:60+01:00",  // 22:59:60 in UTC
        "2023-01-01T00:00:00+24:00",
        "2023-01-01T00:00:00+01:60",
        "2023-01-01T00:00:00",  // no offset
        "2023-01-01 00:00:00Z",  // a space for the T
        "2023-01-01T00:00:00.Z",  // a point without digits
        "2023-1-01T00:00:00Z",
        "+2023-01-01T00:00:00Z",
        "2023-01-01T00:00:00Z ",
        "2023-01-01T00:00:00ZZ",
        "2023-01-01T00:00:00+0100",
        "２０２３-01-01T00:00:00Z",  // digits that are not ASCII
    ])
    func aTimeThatDoesNotExistIsRefused(text: String) {
        #expect(RFC3339.milliseconds(from: text) == nil)
    }

    @Test func theTimesTheRFCAllowsAreRead() {
        let cases: [(String, Int64)] = [
            ("2022-10-11T22:05:00Z", 1_665_525_900_000),
            ("2022-10-11t22:05:00z", 1_665_525_900_000),
            ("2022-10-12T00:05:00+02:00", 1_665_525_900_000),
            ("2022-10-11T17:35:00-04:30", 1_665_525_900_000),
            ("2022-10-11T22:05:00.123Z", 1_665_525_900_123),
            ("2022-10-11T22:05:00.1Z", 1_665_525_900_100),
            ("2022-10-11T22:05:00.0005Z", 1_665_525_900_001),  // halves up
            ("2022-10-11T22:05:00.00049999Z", 1_665_525_900_000),
            ("2022-10-11T22:05:00.9996Z", 1_665_525_901_000),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("1969-12-31T23:59:59Z", -1_000),
            ("2022-10-12T22:04:00+23:59", 1_665_525_900_000),
            ("2022-10-10T22:06:00-23:59", 1_665_525_900_000),
            // A leap second is its day's last millisecond, so that the next second does not go back.
            ("2016-12-31T23:59:60Z", 1_483_228_799_999),
            ("2016-12-31T18:59:60-05:00", 1_483_228_799_999),
            ("2015-06-30T23:59:60.5Z", 1_435_708_799_999),
        ]
        for (text, milliseconds) in cases { #expect(RFC3339.milliseconds(from: text) == milliseconds, "\(text)") }
    }

    /// On every time that exists (no leap second), the strict reader reads what Foundation's ISO 8601 parser reads.
    @Test func theStrictReaderAgreesWithFoundationOnEveryTimeThatExists() async {
        let dates = Gen.int(in: -2_000_000_000...40_000_000_000)
        // Foundation's time zones reach 18 hours either side; the RFC's last minutes (±23:59) are cases above.
        let offsets = Gen.int(in: -(18 * 60)...(18 * 60))
        await propertyCheck(input: dates, offsets, Gen.int(in: 0...999)) { seconds, offset, milliseconds in
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1_000)
            // RFC 3339's offsets have a colon (`+01:00`).
            let style = Date.ISO8601FormatStyle(
                timeZoneSeparator: .colon,
                includingFractionalSeconds: true,
                timeZone: TimeZone(secondsFromGMT: offset * 60)!
            )
            let text = style.format(date)
            let foundation = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
            #expect(
                RFC3339.milliseconds(from: text)
                    == foundation.map { Int64(($0.timeIntervalSince1970 * 1_000).rounded()) },
                "\(text)"
            )
        }
    }
}
