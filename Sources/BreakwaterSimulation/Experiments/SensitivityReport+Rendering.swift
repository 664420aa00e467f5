import BreakwaterReportKit
import Foundation

extension SensitivityReport {
    /// One row per cell.
    public func csv() -> String {
        var lines = ["leverage,volatility,critical_latency_s"]
        for cell in cells {
            lines.append(
                [
                    NumberText.plain(cell.leverage), NumberText.plain(cell.volatility),
                    cell.criticalLatency.map(NumberText.plain) ?? "",
                ].joined(separator: ",")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The critical latencies as a table: leverage down, volatility across.
    public func text() -> String {
        let horizon = Self.duration(Double(parameters.horizonSeconds))
        var lines = [
            "Critical trip latency: how long after a \(NumberText.plain(parameters.sigmas))-sigma manipulation begins a trip still keeps the attack under \(NumberText.plain(parameters.maxLoss * 100)) % of a \(NumberText.compact(parameters.liquidity)) pool (≥\(horizon): not reached within the horizon).",
            NumberText.pad("leverage \\ volatility", 22, right: true)
                + parameters.volatilities.map { NumberText.pad(NumberText.plain($0 * 100) + " %", 10, right: true) }
                .joined(),
        ]
        for leverage in parameters.leverages {
            let row = parameters.volatilities.map { volatility in
                NumberText.pad(
                    cell(leverage: leverage, volatility: volatility)?.criticalLatency.map(Self.duration)
                        ?? "≥\(horizon)",
                    10,
                    right: true
                )
            }
            lines.append(NumberText.pad(NumberText.plain(leverage) + "×", 22, right: true) + row.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// A self-contained page: the table as a heat map (darker is less time to act) and the JSON's numbers.
    public func html() -> String {
        let horizon = Double(parameters.horizonSeconds)
        let cells = parameters.leverages.map { leverage in
            parameters.volatilities.map { volatility in
                let latency = cell(leverage: leverage, volatility: volatility)?.criticalLatency
                // Log scale from one minute (darkest) to the horizon (lightest).
                let shade = latency.map { log($0 / 60) / log(Swift.max(horizon, 61) / 60) } ?? 1
                return SVGHeatMap.Cell(label: latency.map(Self.duration) ?? "≥\(Self.duration(horizon))", shade: shade)
            }
        }
        let map = SVGHeatMap(
            title: "Critical trip latency",
            columns: parameters.volatilities.map { "σ \(NumberText.plain($0 * 100)) %" },
            rows: parameters.leverages.map { "\(NumberText.plain($0))× leverage" },
            cells: cells
        )
        let body = """
            <h1>Critical trip latency across volatility and leverage</h1>
            <p>\(HTMLText.escaped(text().split(separator: "\n").first.map(String.init) ?? ""))</p>
            <figure>\(map.render())</figure>
            <pre>\(HTMLText.escaped(text()))</pre>
            """
        return HTMLPage(title: "Breakwater risk sensitivity", body: body, style: "pre{background:#f6f6f6;padding:.8em}")
            .render()
    }

    private static func duration(_ seconds: Double) -> String { TimeText.span(milliseconds: Int64(seconds * 1000)) }

}
