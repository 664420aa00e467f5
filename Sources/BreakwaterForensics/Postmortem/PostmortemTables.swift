import BreakwaterReportKit

/// One table of the post-mortem, which the Markdown and HTML pages both render.
struct PostmortemTable {
    let id: String
    let title: String
    let headers: [String]
    let rows: [[String]]
    /// Said when there are no rows.
    let empty: String
}

extension PostmortemReport.IncidentReport {
    /// The incident log tables in the order security teams read them (SEAL 911's incident log): summary,
    /// timeline, transactions, affected accounts, attacker accounts, funds movement; then the counterfactuals.
    var tables: [PostmortemTable] {
        let s = summary
        let summaryRows: [[String]] =
            [
                ["Vector", s.vector],
                ["Severity", s.severity],
            ] + (s.classification.map { [["Classification", $0]] } ?? []) + [
                ["Scope", s.scope],
                ["Loss realized", s.lossRealized],
                ["Loss prevented", s.lossPrevented],
                ["Bad debt socialized", s.badDebt],
                ["First anomalous event", "\(TimeText.utc(s.firstAnomalousAt)) (line \(s.firstAnomalousLine))"],
                [
                    "Detected",
                    "\(TimeText.utc(s.detectedAt)): time to detect \(TimeText.span(milliseconds: s.timeToDetectMs))",
                ],
                [
                    "Contained",
                    s.containedAt.map {
                        "\(TimeText.utc($0)): time to contain \(TimeText.span(milliseconds: s.timeToContainMs ?? 0))"
                    } ?? "not contained",
                ],
            ]
        return [
            PostmortemTable(id: "summary", title: "Summary", headers: ["", ""], rows: summaryRows, empty: ""),
            PostmortemTable(
                id: "timeline",
                title: "Timeline (UTC)",
                headers: ["Time (UTC)", "Line", "Kind", "What"],
                rows: timeline.map { [$0.utc, String($0.line), $0.kind, $0.summaryWithPlace] },
                empty: "Nothing recorded in the window."
            ),
            PostmortemTable(
                id: "transactions",
                title: "Transactions of the incident's accounts",
                headers: ["Time (UTC)", "Line", "Account", "Kind", "Detail", "Outcome", "Transaction"],
                rows: transactions.map {
                    [
                        TimeText.utc($0.ts), String($0.line), $0.account, $0.kind, $0.detail, $0.outcome,
                        $0.transaction ?? "",
                    ]
                },
                empty: "The incident names no account."
            ),
            PostmortemTable(
                id: "affected",
                title: "Affected accounts",
                headers: ["Account", "Role", "Detail"],
                rows: affectedAccounts.map { [$0.account, $0.role, $0.detail] },
                empty: "No other account was affected."
            ),
            PostmortemTable(
                id: "attackers",
                title: "Attacker accounts, by value extracted",
                headers: ["Account", "Extracted", "Refused withdrawals", "Events", "Refused", "First seen (UTC)"],
                rows: attackers.map {
                    [
                        $0.account, $0.extracted, $0.blocked, String($0.events), String($0.rejections),
                        TimeText.utc($0.firstSeenAt),
                    ]
                },
                empty: "The incident names no account."
            ),
            PostmortemTable(
                id: "funds",
                title: "Funds movement",
                headers: ["From", "To", "Asset", "Amount"],
                rows: fundsFlow.map { [$0.from, $0.to, $0.asset, $0.amount] },
                empty: "No funds moved."
            ),
            PostmortemTable(
                id: "counterfactuals",
                title: "What other policies would have done",
                headers: [
                    "Policy", "Time to detect", "Time to contain", "Loss", "Saved", "Refused in the run", "Incidents",
                ],
                rows: counterfactuals.map {
                    [
                        $0.policy, $0.timeToDetectMs.map { TimeText.span(milliseconds: $0) } ?? "not detected",
                        $0.timeToContainMs.map { TimeText.span(milliseconds: $0) } ?? "not contained", $0.loss,
                        $0.saved,
                        String($0.rejected), String($0.incidents),
                    ]
                },
                empty: "No counterfactual was run."
            ),
        ]
    }

    /// The moments marked on every chart.
    var markers: [(ts: Int64, label: String)] {
        [(summary.firstAnomalousAt, "first anomalous"), (summary.detectedAt, "detected")]
            + (summary.containedAt.map { [($0, "contained")] } ?? [])
    }

    var title: String { "\(summary.id) \(summary.vector) in \(summary.scope)" }
}
