import BreakwaterPipeline
import BreakwaterReportKit
import Foundation

extension PostmortemReport {
    /// `postmortem.json`: pretty-printed with sorted keys, so the same journal always gives the same bytes.
    public func json() -> String {
        ReportJSON.text(of: self)
    }

    /// `postmortem.md`: every table; the charts are in the HTML page.
    public func markdown() -> String {
        var lines = ["# Post-mortem: \(config)", "", overview, ""]
        if incidents.isEmpty { lines.append("The journal records no incident.") }
        for incident in incidents {
            lines += ["## \(incident.title)", "", "**Recommendation.** \(incident.recommendation)", ""]
            for table in incident.tables {
                lines += ["### \(table.title)", ""]
                guard !table.rows.isEmpty else {
                    lines += [table.empty, ""]
                    continue
                }
                lines.append("| " + table.headers.map(Self.cell).joined(separator: " | ") + " |")
                lines.append("|" + String(repeating: " --- |", count: table.headers.count))
                for row in table.rows { lines.append("| " + row.map(Self.cell).joined(separator: " | ") + " |") }
                lines.append("")
            }
            lines += ["Charts (prices, liquidity and outflows, breaker levels): see `postmortem.html`.", ""]
        }
        return lines.joined(separator: "\n")
    }

    /// One sentence on what the report was read from.
    var overview: String {
        "Read from a journal that verified (head `\(journalHead)`): \(events) events from \(TimeText.utc(firstEventAt)) "
            + "to \(TimeText.utc(lastEventAt)), \(incidents.count) incident\(incidents.count == 1 ? "" : "s") reported. "
            + "Amounts are in the quote unit; times are UTC."
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
