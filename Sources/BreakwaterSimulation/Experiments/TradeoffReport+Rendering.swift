import BreakwaterReportKit
import Foundation

extension TradeoffReport {
    static let csvHeader = [
        "policy", "loss_prevented", "loss", "attacks", "detected", "contained", "detect_p50_s", "detect_p95_s",
        "contain_p50_s", "contain_p95_s", "false_pauses", "false_pauses_per_market_year", "halt_minutes_per_market_day",
        "pareto", "dominated_by", "invariant_violations", "bad_debt_refused", "liquidations_refused", "loss_pareto",
    ]

    /// One row per policy, the columns of the JSON's `policies`; an empty cell is a missing value.
    public func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for row in policies {
            let cells: [String] = [
                row.policy, Self.number(row.lossPrevented), Self.number(row.loss), String(row.attacks),
                String(row.detected),
                String(row.contained), Self.number(row.detectP50), Self.number(row.detectP95),
                Self.number(row.containP50),
                Self.number(row.containP95), String(row.falsePauses), Self.number(row.falsePausesPerMarketYear),
                Self.number(row.haltMinutesPerMarketDay), String(row.pareto), row.dominatedBy ?? "",
                String(row.invariantViolations), Self.number(row.badDebtRefused), String(row.liquidationsRefused),
                String(row.lossPareto),
            ]
            lines.append(cells.map(NumberText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The frontier and the scale of the experiment, for a terminal.
    public func text() -> String {
        let benign = String(format: "%.2f", parameters.benignMarketYears)
        var lines = [
            "Trade-off: \(policies.count) policies × \(scenarios.count) scenario-seeds (\(parameters.scenarios.joined(separator: ", ")) × \(parameters.seeds.count) seeds, \(parameters.benignSeeds.count) benign runs of \(parameters.benignDays) days); false positives counted on \(benign) market-years",
            "Pareto frontier (containment p95 against halt minutes per market-day), fastest first:",
            "  "
                + ["contain p95", "detect p50", "prevented", "pauses/mkt-yr", "halt min/mkt-day", "policy"].joined(
                    separator: "  "
                ),
        ]
        // Policies with the same figures as the one before are counted, not listed.
        var previous: PolicyResult?
        var same = 0
        for row in frontier + [nil] {
            if let row, let last = previous,
                (row.containP95, row.haltMinutesPerMarketDay) == (last.containP95, last.haltMinutesPerMarketDay)
            {
                same += 1
                continue
            }
            if same > 0 { lines.append("  (\(same) more with the same figures)") }
            same = 0
            previous = row
            guard let row else { break }
            lines.append(
                "  "
                    + [
                        NumberText.pad(Self.seconds(row.containP95), 11),
                        NumberText.pad(Self.seconds(row.detectP50), 10),
                        NumberText.pad(row.lossPrevented.map { String(format: "%.1f %%", $0 * 100) } ?? "-", 9),
                        NumberText.pad(String(format: "%.1f", row.falsePausesPerMarketYear), 13),
                        NumberText.pad(String(format: "%.2f", row.haltMinutesPerMarketDay), 16), row.policy,
                    ].joined(separator: "  ")
            )
        }
        let dominated = policies.count - frontier.count
        lines.append("\(dominated) policies are dominated: another is at least as fast and halts no more.")
        let lossFrontier = policies.filter(\.lossPareto)
        let refused = lossFrontier.map(\.badDebtRefused)
        lines.append(
            "Loss frontier (loss prevented against halt minutes, false pauses and bad debt refused): "
                + "\(lossFrontier.count) policies, bad debt refused \(NumberText.compact(refused.min() ?? 0)) to "
                + "\(NumberText.compact(refused.max() ?? 0)), liquidations refused "
                + "\(lossFrontier.map(\.liquidationsRefused).min() ?? 0) to \(lossFrontier.map(\.liquidationsRefused).max() ?? 0)."
        )
        let violations = policies.reduce(0) { $0 + $1.invariantViolations }
        if violations > 0 {
            lines.append("Warning: the ledger found \(violations) broken invariants; see invariant_violations.")
        }
        return lines.joined(separator: "\n")
    }

    /// A self-contained page: the frontier, the charts and every policy's row.
    public func html() -> String {
        let speed = SVGScatterChart(
            title: "Speed against false positives",
            xLabel: "halt minutes per market-day on benign markets",
            yLabel: "seconds to contain, p95 (red: the Pareto frontier)",
            points: policies.map {
                .init(x: $0.haltMinutesPerMarketDay, y: $0.containP95, label: $0.policy, highlighted: $0.pareto)
            }
        )
        let prevented = SVGScatterChart(
            title: "Loss prevented against false pauses",
            xLabel: "false-positive pauses per market-year",
            yLabel: "share of the undefended loss prevented (%; red: the speed frontier)",
            offScale: "n/a",
            points: policies.map {
                .init(
                    x: $0.falsePausesPerMarketYear,
                    y: $0.lossPrevented.map { $0 * 100 },
                    label: $0.policy,
                    highlighted: $0.pareto
                )
            }
        )
        let badDebt = SVGScatterChart(
            title: "Loss prevented against bad debt refused",
            xLabel: "bad debt left by refused liquidations on benign markets, beyond none responding",
            yLabel: "share of the undefended loss prevented (%; red: the loss frontier)",
            offScale: "n/a",
            points: policies.map {
                .init(
                    x: $0.badDebtRefused,
                    y: $0.lossPrevented.map { $0 * 100 },
                    label: $0.policy,
                    highlighted: $0.lossPareto
                )
            }
        )
        let headers = [
            "policy", "prevented", "detect p50/p95 (s)", "contain p50/p95 (s)", "pauses/market-year",
            "halt min/market-day", "bad debt refused", "frontier",
        ]
        var rows = ""
        for row in frontier + policies.filter({ !$0.pareto }) {
            let cells = [
                row.policy, row.lossPrevented.map { String(format: "%.1f %%", $0 * 100) } ?? "-",
                "\(Self.seconds(row.detectP50)) / \(Self.seconds(row.detectP95))",
                "\(Self.seconds(row.containP50)) / \(Self.seconds(row.containP95))",
                String(format: "%.1f", row.falsePausesPerMarketYear),
                String(format: "%.2f", row.haltMinutesPerMarketDay),
                "\(NumberText.compact(row.badDebtRefused)) (\(row.liquidationsRefused) refused)",
                (row.pareto ? "speed" : "dominated by \(row.dominatedBy ?? "-")") + (row.lossPareto ? "; loss" : ""),
            ]
            rows +=
                "<tr\(row.pareto ? " class=\"pareto\"" : "")>"
                + cells.map { "<td>\(HTMLText.escaped($0))</td>" }.joined() + "</tr>"
        }
        let scenarioRows = scenarios.map {
            "<tr><td>\(HTMLText.escaped($0.name))</td><td>\($0.events)</td><td>\(NumberText.compact($0.undefendedLoss))</td></tr>"
        }.joined()
        let body = """
            <h1>Response speed against false-positive halts</h1>
            <p>\(HTMLText.escaped(text().split(separator: "\n").first.map(String.init) ?? ""))</p>
            <figure>\(speed.render())</figure><figure>\(prevented.render())</figure><figure>\(badDebt.render())</figure>
            <h2>Policies (frontier first)</h2>
            <table><thead><tr>\(headers.map { "<th>\($0)</th>" }.joined())</tr></thead><tbody>\(rows)</tbody></table>
            <h2>Scenario-seeds</h2>
            <table><thead><tr><th>scenario</th><th>events</th><th>undefended loss</th></tr></thead><tbody>\(scenarioRows)</tbody></table>
            """
        return HTMLPage(title: "Breakwater trade-off experiment", body: body, style: "tr.pareto{background:#fdecec}")
            .render()
    }

    private static func number(_ value: Double?) -> String { value.map(NumberText.plain) ?? "" }

    private static func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "never" }
}
