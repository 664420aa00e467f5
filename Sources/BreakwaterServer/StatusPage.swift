import BreakwaterReportKit

/// The public status page at `/`: plain HTML, CSS and a little JavaScript, nothing fetched from elsewhere. It reads
/// `/api/history` once, then `/api/status`, and follows `/api/feed`, so it updates as the engine decides: pools and
/// markets, charts of guarded prices, outflows and bad debt from six hours back, incidents with their timelines and
/// notes, governance actions.
enum StatusPage {
    static let html = HTMLPage(title: "Breakwater status", body: body, style: style, script: script).render()

    private static let style = #"""
        body{margin:1.5em auto}
        h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.4em}
        .banner{padding:.6em .8em;border-radius:4px;margin:.6em 0}.ok{background:#eaf6ea}.alert{background:#fdecec}.quiet{background:#fff4e0}
        table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f5f5f5}.state-normal{color:#2a7a2a}.state-limited,.state-reduce_only{color:#b36b00}.state-halted,.paused{color:#c62828;font-weight:600}
        svg{width:100%;height:auto;max-width:1060px;background:#fafafa;border:1px solid #e3e3e3}.muted{color:#777}
        """#

    private static let body = #"""
        <h1>Breakwater status</h1>
        <div id="banner" class="banner ok">Connecting…</div>
        <h2>Pools and markets</h2><div id="pools"></div>
        <h2>Guarded prices (relative to the first seen)</h2><svg id="chart" viewBox="0 0 1000 220" role="img"><title>Guarded prices</title></svg>
        <h2>Outflows from each pool, what the breakers blocked, and the bad debt liquidations left (cumulative, each relative to its largest)</h2><svg id="outflows" viewBox="0 0 1000 220" role="img"><title>Outflows</title></svg>
        <h2>Incidents</h2><div id="incidents"><p class="muted">None.</p></div>
        <h2>Governance</h2><div id="governance"><p class="muted">No governance action yet.</p></div>
        <h2>Latest actions</h2><div id="actions"><p class="muted">None.</p></div>
        <p class="muted" id="footer"></p>
        """#

    private static let script = #"""
        "use strict";
        const series = {}, flows = {};
        const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c]));
        const time = ms => ms == null ? "" : new Date(ms).toISOString().replace("T", " ").replace(".000Z", "Z");
        const scope = s => Object.entries(s || {}).map(([k, v]) => k === "protocol" ? "protocol" : k + " " + v).join(" / ");
        const place = x => x.block == null ? "" : " (block " + x.block + (x.tx ? ", tx " + x.tx.slice(0, 10) + "…" : "") + ")";
        function render(status) {
          // Market stress informs: the banner alerts on the open incidents that warn or page.
          const open = status.incidents.filter(i => i.resolved_at == null && i.severity !== "info");
          const banner = document.getElementById("banner");
          if (status.source.quiet) { banner.className = "banner quiet"; banner.textContent = "The source " + status.source.name + " is quiet: no event for too long."; }
          else if (open.length) { banner.className = "banner alert"; banner.textContent = open.length + " open incident" + (open.length > 1 ? "s" : "") + ": " + open.map(i => i.id + " " + i.kind).join(", "); }
          else { banner.className = "banner ok"; banner.textContent = "All systems normal."; }
          document.getElementById("pools").innerHTML = "<table><tr><th>pool</th><th>market</th><th>state</th><th>guarded price</th></tr>" +
            status.pools.flatMap(p => p.markets.map((m, n) => "<tr><td>" + (n ? "" : esc(p.name) + (p.paused ? ' <span class="paused">paused</span>' : "")) +
              "</td><td>" + esc(m.name) + '</td><td class="state-' + esc(m.state) + '">' + esc(m.state) + "</td><td>" + esc(m.price) + "</td></tr>")).join("") + "</table>";
          document.getElementById("incidents").innerHTML = status.incidents.length ? status.incidents.map(i =>
            "<h3>" + esc(i.id) + " " + esc(i.kind) + " (" + esc(i.severity) + ") in " + esc(scope(i.scope)) + "</h3>" +
            (i.classification ? '<p class="muted">' + esc(i.classification.summary) + "</p>" : "") + "<p>detected " + time(i.detected_at) +
            (i.contained_at ? " · contained " + time(i.contained_at) : "") + (i.remediated_at ? " · remediated " + time(i.remediated_at) : "") +
            (i.resolved_at ? " · resolved " + time(i.resolved_at) : "") + (i.acknowledged_by ? " · acknowledged by " + esc(i.acknowledged_by) : "") +
            "</p><table><tr><th>time</th><th>what</th><th>detail</th></tr>" +
            i.signals.map(s => ({ts: s.ts, what: "signal " + s.kind + " (" + s.severity + ")", detail: s.evidence + place(s)}))
              .concat(i.actions.map(a => ({ts: a.ts, what: a.action + " by " + a.by, detail: a.reason + place(a)})))
              .concat((i.notes || []).map(n => ({ts: n.ts, what: n.action.replace("_", " ") + " by " + n.by, detail: n.text})))
              .sort((a, b) => a.ts - b.ts).map(r => "<tr><td>" + time(r.ts) + "</td><td>" + esc(r.what) + "</td><td>" + esc(r.detail) + "</td></tr>").join("") +
            "</table>").join("") : '<p class="muted">None.</p>';
          const onChain = a => (a.transactions || []).map(t => t.status + (t.block == null ? "" : " in block " + t.block) + " (" + t.hash.slice(0, 10) + "…)").join(", ");
          document.getElementById("actions").innerHTML = status.actions.length ? "<table><tr><th>time</th><th>action</th><th>scope</th><th>by</th><th>reason</th><th>on chain</th></tr>" +
            status.actions.map(a => "<tr><td>" + time(a.ts) + "</td><td>" + esc(a.action) + "</td><td>" + esc(scope(a.scope)) + "</td><td>" + esc(a.by) + "</td><td>" + esc(a.reason) + "</td><td>" + esc(onChain(a)) + "</td></tr>").join("") + "</table>" : '<p class="muted">None.</p>';
          document.getElementById("footer").textContent = status.events.read + " events (" + status.events.rejected + " refused) · journal head " +
            status.journal.head.slice(0, 16) + "… · last event " + time(status.source.last_event_at);
          const governed = status.actions.filter(a => a.by !== "auto");
          if (governed.length) document.getElementById("governance").innerHTML = "<table><tr><th>time</th><th>action</th><th>scope</th><th>by</th><th>reason</th></tr>" +
            governed.map(a => "<tr><td>" + time(a.ts) + "</td><td>" + esc(a.action) + "</td><td>" + esc(scope(a.scope)) + "</td><td>" + esc(a.by) + "</td><td>" + esc(a.reason) + "</td></tr>").join("") + "</table>";
          for (const pool of status.pools) {
            for (const m of pool.markets) if (m.price) push(series, m.name, Number(m.price));
            for (const [asset, flow] of Object.entries(pool.outflows || {})) {
              push(flows, pool.name + " " + asset + " out", Number(flow.total));
              push(flows, pool.name + " " + asset + " blocked", Number(flow.blocked));
            }
            if (Number(pool.bad_debt) > 0 || flows[pool.name + " bad debt"]) push(flows, pool.name + " bad debt", Number(pool.bad_debt));
          }
          chart("chart", series, s => s.map(v => v / s[0]));
          chart("outflows", flows, s => { const top = Math.max(...s) || 1; return s.map(v => v / top); });
        }
        function push(all, name, value) {
          const s = all[name] || (all[name] = []);
          s.push(value); if (s.length > 400) s.shift();
        }
        // The charts start from the service's history (a sample a minute), so a page opened mid-incident shows its past.
        async function seed() {
          try {
            const h = await (await fetch("api/history")).json();
            for (const [name, values] of Object.entries(h.prices)) values.forEach(v => { if (v != null) push(series, name, Number(v)); });
            for (const [pool, assets] of Object.entries(h.outflows)) for (const [asset, f] of Object.entries(assets)) {
              f.total.forEach(v => push(flows, pool + " " + asset + " out", Number(v)));
              f.blocked.forEach(v => push(flows, pool + " " + asset + " blocked", Number(v)));
            }
            for (const [pool, values] of Object.entries(h.bad_debt)) if (values.some(v => Number(v) > 0)) values.forEach(v => push(flows, pool + " bad debt", Number(v)));
          } catch (e) {}
          refresh();
        }
        function chart(id, series, scale) {
          const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"];
          const names = Object.keys(series);
          const ratios = names.map(n => scale(series[n]));
          const all = ratios.flat(); if (!all.length) return;
          const lo = Math.min(...all), hi = Math.max(...all), span = hi - lo || 1;
          document.getElementById(id).innerHTML = names.map((n, k) =>
            '<polyline fill="none" stroke="' + colors[k % colors.length] + '" stroke-width="1.5" points="' +
            ratios[k].map((r, i) => (i * 1000 / Math.max(1, ratios[k].length - 1)).toFixed(1) + "," + (210 - (r - lo) / span * 200).toFixed(1)).join(" ") + '"><title>' + esc(n) + "</title></polyline>" +
            '<text x="' + (8 + k * 150) + '" y="14" font-size="12" fill="' + colors[k % colors.length] + '">' + esc(n) + "</text>").join("");
        }
        let pending = false;
        async function refresh() {
          if (pending) return; pending = true;
          try { render(await (await fetch("api/status")).json()); } catch (e) { document.getElementById("banner").textContent = "The service does not answer."; }
          setTimeout(() => { pending = false; }, 300);
        }
        seed();
        setInterval(refresh, 2000);
        const feed = new EventSource("api/feed");
        ["signal", "action", "incident", "source"].forEach(kind => feed.addEventListener(kind, refresh));
        """#
}
