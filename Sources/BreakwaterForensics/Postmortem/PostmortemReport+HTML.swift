import BreakwaterReportKit

extension PostmortemReport {
    /// `postmortem.html`: one self-contained page (inline CSS, SVG and script, nothing fetched) with the tables
    /// and the charts. The script only filters the timeline by kind; the page reads the same without it.
    public func html() -> String {
        var body = "<h1>Post-mortem: \(HTMLText.escaped(config))</h1><p>\(HTMLText.escaped(overview))</p>"
        if incidents.isEmpty { body += "<p>The journal records no incident.</p>" }
        for (index, incident) in incidents.enumerated() {
            body +=
                "<section class=\"incident\" id=\"incident-\(index + 1)\"><h2>\(HTMLText.escaped(incident.title))</h2>"
            body +=
                "<p class=\"recommendation\"><strong>Recommendation.</strong> \(HTMLText.escaped(incident.recommendation))</p>"
            let tables = incident.tables
            body +=
                tables.prefix(1).map(Self.html).joined() + charts(incident) + tables.dropFirst().map(Self.html).joined()
            body += "</section>"
        }
        return HTMLPage(title: "Post-mortem: \(config)", body: body, style: Self.style, script: Self.script).render()
    }

    private func charts(_ incident: IncidentReport) -> String {
        let charts = incident.charts
        let all = charts.prices + charts.liquidity + (charts.breakers.series.isEmpty ? [] : [charts.breakers])
        guard !all.isEmpty else { return "<p>No chart data in the incident's window.</p>" }
        let markers = incident.markers.map { SVGLineChart.Marker(time: $0.ts, label: $0.label) }
        return "<h3>Charts</h3>"
            + all.map { chart in
                let lines = chart.series.map { SVGLineChart.Series(name: $0.name, points: $0.points, steps: $0.steps) }
                let svg = SVGLineChart(
                    title: chart.title,
                    series: lines,
                    from: charts.from,
                    to: charts.to,
                    markers: markers
                )
                return "<figure><figcaption>\(HTMLText.escaped(chart.title))</figcaption>" + svg.render() + "</figure>"
            }.joined()
    }

    private static func html(_ table: PostmortemTable) -> String {
        var html = "<h3>\(HTMLText.escaped(table.title))</h3>"
        if table.id == "timeline" && !table.rows.isEmpty {
            let kinds = Set(table.rows.map { $0[2] }).sorted()
            html +=
                "<p class=\"filters\">"
                + kinds.map {
                    "<label><input type=\"checkbox\" data-kind=\"\($0)\" checked> \($0)</label>"
                }.joined(separator: " ") + "</p>"
        }
        guard !table.rows.isEmpty else { return html + "<p>\(HTMLText.escaped(table.empty))</p>" }
        html += "<table class=\"\(table.id)\">"
        if table.id != "summary" {
            html += "<thead><tr>" + table.headers.map { "<th>\(HTMLText.escaped($0))</th>" }.joined() + "</tr></thead>"
        }
        html += "<tbody>"
        for row in table.rows {
            let kind = table.id == "timeline" ? " data-kind=\"\(HTMLText.escaped(row[2]))\"" : ""
            html += "<tr\(kind)>" + row.map { "<td>\(HTMLText.escaped($0))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    private static let style = """
        h1{font-size:1.6em}h2{border-bottom:2px solid #d62728;padding-bottom:.2em}table.summary td:first-child{font-weight:600;width:14em}
        tr[data-kind=signal]{background:#fff7e6}tr[data-kind=action]{background:#e8f4ff}tr[data-kind=rejection]{background:#fdecec}
        .recommendation{background:#f0f7f0;padding:.6em;border-left:4px solid #2ca02c}
        """

    private static let script = """
        document.querySelectorAll('input[data-kind]').forEach(function (box) {
          box.addEventListener('change', function () {
            var table = box.closest('section').querySelector('table.timeline');
            table.querySelectorAll('tr[data-kind="' + box.dataset.kind + '"]').forEach(function (row) {
              row.style.display = box.checked ? '' : 'none';
            });
          });
        });
        """
}
