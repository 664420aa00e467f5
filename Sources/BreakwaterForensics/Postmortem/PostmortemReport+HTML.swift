extension PostmortemReport {
    /// `postmortem.html`: one self-contained page (inline CSS, SVG and script, nothing fetched) with the tables
    /// and the charts. The script only filters the timeline by kind; the page reads the same without it.
    public func html() -> String {
        var body = "<h1>Post-mortem: \(SVGChart.escaped(config))</h1><p>\(SVGChart.escaped(overview))</p>"
        if incidents.isEmpty { body += "<p>The journal records no incident.</p>" }
        for (index, incident) in incidents.enumerated() {
            body += "<section class=\"incident\" id=\"incident-\(index + 1)\"><h2>\(SVGChart.escaped(incident.title))</h2>"
            body += "<p class=\"recommendation\"><strong>Recommendation.</strong> \(SVGChart.escaped(incident.recommendation))</p>"
            let tables = incident.tables
            body += tables.prefix(1).map(Self.html).joined() + charts(incident) + tables.dropFirst().map(Self.html).joined()
            body += "</section>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Post-mortem: \(SVGChart.escaped(config))</title>
            <style>\(Self.style)</style></head>
            <body>\(body)<script>\(Self.script)</script></body></html>

            """
    }

    private func charts(_ incident: IncidentReport) -> String {
        let charts = incident.charts
        let all = charts.prices + charts.liquidity + (charts.breakers.series.isEmpty ? [] : [charts.breakers])
        guard !all.isEmpty else { return "<p>No chart data in the incident's window.</p>" }
        return "<h3>Charts</h3>" + all.map { chart in
            "<figure><figcaption>\(SVGChart.escaped(chart.title))</figcaption>"
                + SVGChart(chart: chart, from: charts.from, to: charts.to, markers: incident.markers).render() + "</figure>"
        }.joined()
    }

    private static func html(_ table: PostmortemTable) -> String {
        var html = "<h3>\(SVGChart.escaped(table.title))</h3>"
        if table.id == "timeline" && !table.rows.isEmpty {
            let kinds = Set(table.rows.map { $0[2] }).sorted()
            html += "<p class=\"filters\">" + kinds.map {
                "<label><input type=\"checkbox\" data-kind=\"\($0)\" checked> \($0)</label>"
            }.joined(separator: " ") + "</p>"
        }
        guard !table.rows.isEmpty else { return html + "<p>\(SVGChart.escaped(table.empty))</p>" }
        html += "<table class=\"\(table.id)\">"
        if table.id != "summary" { html += "<thead><tr>" + table.headers.map { "<th>\(SVGChart.escaped($0))</th>" }.joined() + "</tr></thead>" }
        html += "<tbody>"
        for row in table.rows {
            let kind = table.id == "timeline" ? " data-kind=\"\(SVGChart.escaped(row[2]))\"" : ""
            html += "<tr\(kind)>" + row.map { "<td>\(SVGChart.escaped($0))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
        h1{font-size:1.6em}h2{border-bottom:2px solid #d62728;padding-bottom:.2em}
        table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}table.summary td:first-child{font-weight:600;width:14em}
        tr[data-kind=signal]{background:#fff7e6}tr[data-kind=action]{background:#e8f4ff}tr[data-kind=rejection]{background:#fdecec}
        figure{margin:1em 0}figcaption{font-weight:600}svg.chart{width:100%;height:auto;max-width:960px}
        .tick,.legend,.marker{font-size:11px;fill:#444}.marker{fill:#d62728}.recommendation{background:#f0f7f0;padding:.6em;border-left:4px solid #2ca02c}
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
