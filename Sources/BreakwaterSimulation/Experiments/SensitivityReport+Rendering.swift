import BreakwaterForensics
import Foundation

extension SensitivityReport {
    /// One row per cell.
    public func csv() -> String {
        var lines = ["leverage,volatility,critical_latency_s"]
        for cell in cells {
            lines.append([ReportText.plain(cell.leverage), ReportText.plain(cell.volatility), cell.criticalLatency.map(ReportText.plain) ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The critical latencies as a table: leverage down, volatility across.
    public func text() -> String {
        let horizon = Self.duration(Double(parameters.horizonSeconds))
        var lines = [
            "Critical trip latency: how long after a \(ReportText.plain(parameters.sigmas))-sigma manipulation begins a trip still keeps the attack under \(ReportText.plain(parameters.maxLoss * 100)) % of a \(SVGChart.compact(parameters.liquidity)) pool (≥\(horizon): not reached within the horizon).",
            ReportText.pad("leverage \\ volatility", 22, right: true) + parameters.volatilities.map { ReportText.pad(ReportText.plain($0 * 100) + " %", 10, right: true) }.joined(),
        ]
        for leverage in parameters.leverages {
            let row = parameters.volatilities.map { volatility in
                ReportText.pad(cell(leverage: leverage, volatility: volatility)?.criticalLatency.map(Self.duration) ?? "≥\(horizon)", 10, right: true)
            }
            lines.append(ReportText.pad(ReportText.plain(leverage) + "×", 22, right: true) + row.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// A self-contained page: the table as a heat map (darker is less time to act) and the JSON's numbers.
    public func html() -> String {
        let horizon = Double(parameters.horizonSeconds)
        let (cellWidth, cellHeight, left, top) = (110.0, 44.0, 90.0, 40.0)
        let width = left + cellWidth * Double(parameters.volatilities.count) + 10
        let height = top + cellHeight * Double(parameters.leverages.count) + 30
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\"><title>Critical trip latency</title>"
        for (column, volatility) in parameters.volatilities.enumerated() {
            svg += "<text x=\"\(left + cellWidth * (Double(column) + 0.5))\" y=\"\(top - 8)\" text-anchor=\"middle\" class=\"tick\">σ \(ReportText.plain(volatility * 100)) %</text>"
        }
        for (row, leverage) in parameters.leverages.enumerated() {
            let y = top + cellHeight * Double(row)
            svg += "<text x=\"\(left - 8)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"end\" class=\"tick\">\(ReportText.plain(leverage))× leverage</text>"
            for (column, volatility) in parameters.volatilities.enumerated() {
                let latency = cell(leverage: leverage, volatility: volatility)?.criticalLatency
                // Log scale from one minute (darkest) to the horizon (lightest).
                let share = latency.map { Swift.min(1, Swift.max(0, log($0 / 60) / log(Swift.max(horizon, 61) / 60))) } ?? 1
                let shade = Int(70 + 185 * share)
                let x = left + cellWidth * Double(column)
                let label = latency.map(Self.duration) ?? "≥\(Self.duration(horizon))"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"rgb(255,\(shade),\(shade))\"><title>\(SVGChart.escaped(label))</title></rect>"
                svg += "<text x=\"\(x + cellWidth / 2)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"middle\" class=\"legend\">\(SVGChart.escaped(label))</text>"
            }
        }
        svg += "</svg>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Breakwater risk sensitivity</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;padding:0 1em;color:#222}
            svg.chart{width:100%;height:auto;max-width:900px}.tick,.legend{font-size:12px;fill:#333}pre{background:#f6f6f6;padding:.8em}</style></head><body>
            <h1>Critical trip latency across volatility and leverage</h1>
            <p>\(SVGChart.escaped(text().split(separator: "\n").first.map(String.init) ?? ""))</p>
            <figure>\(svg)</figure>
            <pre>\(SVGChart.escaped(text()))</pre>
            </body></html>

            """
    }

    private static func duration(_ seconds: Double) -> String { EventSpan.text(milliseconds: Int64(seconds * 1000)) }

}
