import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterSimulation

/// The demo told for a person in a terminal.
struct DemoStory {
    let demo: Demo

    func text() -> String {
        let scenario = demo.scenario
        let report = demo.guarded.report
        let start = scenario.start.milliseconds
        func at(_ ms: Int64) -> String { "t+" + Self.minutes(ms - start) }
        var lines = [
            "Breakwater demo: a Mango-Markets-style oracle manipulation (seed \(scenario.seed))",
            "",
            "Market: 3 hours of ETH, BTC and MNGO on the embedded protocol, 3 feeds each at a 10 s cadence, 24 noise",
            "traders, 16 momentum and mean-reversion traders, option writers, a liquidation keeper and 2 LPs,",
            "\(demo.lines.count) events. At \(at(start + scenario.attackOffset)) in pool alts, two linked",
            "accounts open opposite \(Int(scenario.positionSize / 1_000_000))M MNGO-PERP positions, the attacker pumps MNGO "
                + "\(Int(scenario.pumpFactor))x in \(scenario.pumpMilliseconds / 60_000) minutes,",
            "and the long account borrows against its paper profit "
                + "(\(scenario.withdrawalCount) x \(Int(scenario.withdrawalTranche / 1_000_000))M USDC).",
            "",
            "Without Breakwater's responses:",
            "  attacker took out     \(Self.money(demo.unguarded.attackerGain)) USDC more than it put in",
            "  LPs of pool alts      \(Self.money(demo.unguarded.lpResult)) USDC (bad debt socialized: \(Self.money(demo.unguarded.badDebt)))",
            "",
            "With Breakwater (default policy):",
            "  attacker took out     \(Self.money(demo.guarded.attackerGain)) USDC more than it put in",
            "  LPs of pool alts      \(Self.money(demo.guarded.lpResult)) USDC (bad debt socialized: \(Self.money(demo.guarded.badDebt)))",
            "  saved                 \(Self.money(demo.saved)) USDC",
            "",
        ]
        for incident in report.incidents {
            let contained =
                incident.containedAt.map {
                    "contained at \(at($0)) (\(Self.seconds($0 - incident.detectedAt)) after detection)"
                }
                ?? "not contained"
            lines.append(
                "\(incident.id) \(incident.kind) in pool \(incident.scope.pool ?? "-"): detected at \(at(incident.detectedAt)) (line \(incident.detectedLine)), \(contained)"
            )
            var timeline = incident.signals.map {
                (ts: $0.ts, line: $0.line, text: "signal \($0.kind): \($0.evidence)")
            }
            timeline += incident.actions.map {
                (ts: $0.ts, line: $0.line, text: "action \($0.action) by \($0.by): \($0.reason)")
            }
            for entry in timeline.sorted(by: { ($0.ts, $0.line) < ($1.ts, $1.line) }).prefix(12) {
                lines.append("  \(at(entry.ts))  line \(entry.line)  \(entry.text)")
            }
            if timeline.count > 12 { lines.append("  … \(timeline.count - 12) more entries in the JSON report") }
        }
        lines += peopleSection(at: at)
        let attackerRejections = report.rejections.filter { MangoScenario.attackerNames.contains($0.account ?? "") }
        if !attackerRejections.isEmpty {
            lines.append("")
            lines.append("Refused attacker operations:")
            for rejection in attackerRejections {
                lines.append(
                    "  \(at(rejection.ts))  \(rejection.kind) \(rejection.account ?? ""): \(rejection.code): \(rejection.reason)"
                )
            }
        }
        lines.append("")
        lines.append(
            "Invariants: \(report.invariants.checked) checks, \(report.invariants.violations.count) violations"
        )
        lines.append("Journal head: \(report.journalHead)")
        lines.append(
            "Reproduce: breakwater demo --seed \(scenario.seed) --out demo-out && "
                + "breakwater replay demo-out/stream.jsonl --config demo-out/config.yml --format json"
        )
        return lines.joined(separator: "\n")
    }

    /// What people with keys did after the automation contained the attack: the governance actions in order, the
    /// incident's lifecycle and the LPs' insurance claim.
    private func peopleSection(at: (Int64) -> String) -> [String] {
        let report = demo.guarded.report
        let governed = report.actions.filter { $0.by != Action.Actor.auto.rawValue }
        guard !governed.isEmpty else { return [] }
        var lines = [
            "", "Then people with keys (guardians 2 of 3, the DAO's votes and timelocks: docs/governance.md):",
        ]
        for action in governed {
            lines.append("  \(at(action.ts))  line \(action.line)  \(action.action) by \(action.by): \(action.reason)")
        }
        for incident in report.incidents {
            let steps = [
                ("detected", incident.detectedAt), ("contained", incident.containedAt),
                ("remediated", incident.remediatedAt),
                ("resolved", incident.resolvedAt),
            ].compactMap { name, time in time.map { "\(name) \(at($0))" } }
            lines.append("  \(incident.id): " + steps.joined(separator: " → "))
        }
        for claim in demo.guarded.claims {
            let paid = claim.isPaid ? "paid to the LPs pro rata" : "pending a DAO pay_claim"
            lines.append(
                "  insurance: \(claim.incident) LPs lost \(Self.money(claim.loss)) USDC; the fund paid \(Self.money(claim.amount)) (\(paid))"
            )
        }
        if demo.guarded.claims.isEmpty, report.incidents.contains(where: { $0.resolvedAt != nil }) {
            lines.append(
                "  insurance: the LPs' shares lost nothing between detection and resolution, so there is no claim"
            )
        }
        return lines
    }

    /// `12,345,678.90` from a WAD amount, rounded down to cents.
    static func money(_ value: Wad) -> String {
        let cents = value.raw / 10_000_000_000_000_000
        let whole = String(cents / 100)
        var grouped = ""
        for (index, character) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 && character != "-" { grouped.append(",") }
            grouped.append(character)
        }
        let fraction = cents.magnitude % 100
        return String(grouped.reversed()) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    static func minutes(_ ms: Int64) -> String {
        let seconds = ms / 1000
        let remainder = seconds % 60
        return "\(seconds / 60)m\(remainder < 10 ? "0" : "")\(remainder)s"
    }

    static func seconds(_ ms: Int64) -> String { "\(ms / 1000).\(ms % 1000 / 100) s" }
}
