import BreakwaterReportKit

extension ReplayReport {
    /// The report as pretty-printed JSON with sorted keys: the same report always gives the same bytes.
    public func json() -> String {
        ReportJSON.text(of: self)
    }

    /// A summary for people.
    public func text() -> String {
        var lines: [String] = []
        lines.append(
            "Replay of \(events) events on \(config): \(accepted) accepted, \(rejected) rejected, \(errors.count) bad lines"
        )
        for error in errors.prefix(20) {
            lines.append("  error line \(error.line)\(error.field.map { " [\($0)]" } ?? ""): \(error.message)")
        }
        if errors.count > 20 { lines.append("  … \(errors.count - 20) more errors (see --format json)") }
        if !rejections.isEmpty {
            let counts = Dictionary(grouping: rejections, by: \.code).map { "\($0.key) \($0.value.count)" }.sorted()
            let scope = rejections.count < rejectionsTotal ? " (of the first \(rejections.count) listed)" : ""
            lines.append("Rejections by reason\(scope): " + counts.joined(separator: ", "))
        }
        lines.append("Incidents: \(incidents.count)")
        for incident in incidents {
            let contained =
                incident.containedAt.map { "contained at \(TimeText.clock($0)) (line \(incident.containedLine ?? 0))" }
                ?? "NOT contained"
            lines.append(
                "  \(incident.id) \(incident.kind) in \(incident.scope.label): detected at \(TimeText.clock(incident.detectedAt)) "
                    + "(line \(incident.detectedLine)), \(contained)"
            )
            for action in incident.actions {
                lines.append(
                    "    \(TimeText.clock(action.ts)) \(action.action) \(action.scope.label) by \(action.by): \(action.reason)"
                )
            }
        }
        lines.append("Actions: \(actions.count)")
        let blocked = outflows.byPool.flatMap { pool, assets in
            assets.filter { $0.value.blocked != "0" }.map { "\($0.value.blocked) \($0.key) from \(pool)" }
        }.sorted()
        if !blocked.isEmpty { lines.append("Outflows blocked: " + blocked.joined(separator: ", ")) }
        let losses = pools.flatMap { pool, assets in
            assets.filter { $0.value.socializedLoss != "0" }.map { "\($0.value.socializedLoss) \($0.key) in \(pool)" }
        }.sorted()
        if !losses.isEmpty { lines.append("Losses socialized to LPs: " + losses.joined(separator: ", ")) }
        lines.append("Invariants: \(invariants.checked) checks, \(invariants.violations.count) violations")
        for violation in invariants.violations.prefix(10) {
            lines.append("  \(violation.invariant): \(violation.message)")
        }
        lines.append("Journal head: \(journalHead)")
        return lines.joined(separator: "\n")
    }
}

extension ReplayReport.ScopeEntry {
    /// `pool alts / market MNGO-PERP`, `protocol`, …: the scope as reports and alerts name it.
    public var label: String {
        var parts: [String] = []
        if `protocol` == true { parts.append("protocol") }
        if let pool { parts.append("pool \(pool)") }
        if let market { parts.append("market \(market)") }
        if let function { parts.append("function \(function)") }
        if let account { parts.append("account \(account)") }
        if let asset { parts.append("asset \(asset)") }
        if let feed { parts.append("feed \(feed)") }
        return parts.isEmpty ? "protocol" : parts.joined(separator: " / ")
    }
}
