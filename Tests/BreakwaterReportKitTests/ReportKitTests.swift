import BreakwaterReportKit
import Foundation
import PropertyBased
import Testing

/// Times, numbers and markup as every report writes them.
@Suite struct ReportKitTests {
    @Test func utcTimesMatchFoundation() async {
        #expect(TimeText.utc(0) == "1970-01-01T00:00:00.000Z")
        #expect(TimeText.utc(-1) == "1969-12-31T23:59:59.999Z")
        #expect(TimeText.utc(951_782_400_123) == "2000-02-29T00:00:00.123Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        await propertyCheck(count: 500, input: Gen.int64(in: -2_000_000_000_000...8_000_000_000_000)) { milliseconds in
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(TimeText.utc(milliseconds) == formatter.string(from: date))
        }
    }

    @Test func chartTextIsEscaped() {
        let svg = SVGLineChart(
            title: "a <b> & \"c\"",
            series: [.init(name: "<script>", points: [[0, 1], [10, 2]], steps: false)],
            from: 0,
            to: 10,
            markers: [.init(time: 5, label: "x&y")]
        ).render()
        #expect(
            svg.contains("a &lt;b&gt; &amp; &quot;c&quot;") && svg.contains("&lt;script&gt;") && svg.contains("x&amp;y")
        )
        #expect(!svg.contains("<script>"))
    }

    @Test func slackMarkupKeepsQuotes() {
        #expect(HTMLText.escaped(#"a <b> & "c""#, quotes: false) == #"a &lt;b&gt; &amp; "c""#)
        #expect(HTMLText.escaped(#""c""#) == "&quot;c&quot;")
    }

    @Test func spansAndClocksReadAsPeopleWriteThem() {
        #expect(TimeText.span(milliseconds: 350) == "350ms")
        #expect(TimeText.span(milliseconds: 110_000) == "1m50s")
        #expect(TimeText.span(milliseconds: 7_500_000) == "2h05m")
        #expect(TimeText.clock(86_400_000 + 3_723_004) == "01:02:03.004")
    }

    @Test func csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(NumberText.csvField("plain") == "plain")
        #expect(NumberText.csvField(#"a,"b""#) == #""a,""b""""#)
    }

    @Test func aPageIsSelfContainedAndEscapesItsTitle() {
        let page = HTMLPage(title: "<x>", body: "<p>hi</p>", style: "p{color:red}", script: "1").render()
        #expect(
            page.hasPrefix("<!DOCTYPE html>") && page.contains("<title>&lt;x&gt;</title>")
                && page.contains("p{color:red}")
        )
        #expect(page.contains("<script>1</script>") && !page.contains("src=") && !page.contains("href=\"http"))
    }
}
