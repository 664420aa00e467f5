import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterReportKit

/// Builds one incident's section of the post-mortem from its evidence and the counterfactual runs.
struct IncidentReportBuilder {
    let evidence: IncidentEvidence
    let recorded: Replay
    let alternatives: [CounterfactualReplay.Alternative]
    /// The replays of `alternatives`, in order; the first has every response off.
    let runs: [Replay]
    /// The report of each run in `runs`, built once.
    let reports: [ReplayReport]

    /// The most timeline entries listed; signals, actions and governance steps are always kept.
    static let timelineLimit = 1_000

    private var incident: ReplayReport.IncidentEntry { evidence.incident }
    private var firstAnomalous: (ts: Int64, line: Int) {
        evidence.firstAnomalous ?? (incident.detectedAt, incident.detectedLine)
    }
    /// The window's start: a margin before the first anomalous event.
    private var windowStart: Int64 { firstAnomalous.ts - IncidentEvidence.margin }

    func build() -> PostmortemReport.IncidentReport {
        let extractions = Extraction.measure(incident.accounts, in: recorded, price: price)
        let realized = Extraction.loss(extractions)
        let unguarded = runs.first.map { loss(in: $0) } ?? realized
        let counterfactuals = alternatives.indices.map {
            counterfactual(alternatives[$0].label, runs[$0], reports[$0], recordedLoss: realized)
        }
        let summary = summary(realized: realized, unguarded: unguarded)
        return PostmortemReport.IncidentReport(
            summary: summary,
            timeline: timeline(),
            transactions: evidence.transactions.filter { $0.ts >= windowStart },
            affectedAccounts: affectedAccounts(),
            attackers: extractions.map(attacker),
            fundsFlow: fundsFlow(),
            charts: PostmortemCharts(evidence: evidence, recorded: recorded, from: windowStart).charts(),
            counterfactuals: counterfactuals,
            recommendation: Recommendation.text(
                recordedLoss: realized,
                recordedRejections: recorded.rejectedCount,
                counterfactuals: counterfactuals,
                summary: summary
            )
        )
    }

    private func summary(realized: Wad, unguarded: Wad) -> PostmortemReport.Summary {
        let start = firstAnomalous
        return PostmortemReport.Summary(
            id: incident.id,
            vector: incident.kind,
            severity: incident.severity,
            classification: incident.classification?.summary,
            scope: incident.scope.label,
            lossRealized: realized.description,
            lossPrevented: ((try? unguarded.subtracting(realized)) ?? .zero).description,
            badDebt: badDebt().description,
            firstAnomalousAt: start.ts,
            firstAnomalousLine: start.line,
            detectedAt: incident.detectedAt,
            containedAt: incident.containedAt,
            timeToDetectMs: incident.detectedAt - start.ts,
            timeToContainMs: incident.containedAt.map { $0 - start.ts }
        )
    }

    /// The run's final prices, with the unguarded run's for an asset the recorded run has none for.
    private func price(of asset: AssetID) -> Wad? {
        recorded.engine.prices.price(of: asset) ?? runs.first?.engine.prices.price(of: asset)
    }

    private func loss(in run: Replay) -> Wad {
        Extraction.loss(Extraction.measure(incident.accounts, in: run, price: price))
    }

    private func badDebt() -> Wad {
        guard let pool = evidence.pool else { return .zero }
        let state = recorded.engine.ledger.pool(pool)
        return state.assets.indices.reduce(Wad.zero) { total, slot in
            guard let price = price(of: state.assets[slot]),
                let value = try? state.collateral[slot].socializedLoss.multiplied(by: price, rounding: .up)
            else { return total }
            return (try? total.adding(value)) ?? total
        }
    }

    /// The incident under another policy: its match there is the first incident in the same pool detected within
    /// the window.
    private func counterfactual(
        _ label: String,
        _ run: Replay,
        _ report: ReplayReport,
        recordedLoss: Wad
    ) -> PostmortemReport.Counterfactual {
        let match = report.incidents.first {
            $0.scope.pool == incident.scope.pool && $0.detectedAt >= evidence.lookbackStart
                && $0.detectedAt <= evidence.end
        }
        let loss = loss(in: run)
        return PostmortemReport.Counterfactual(
            policy: label,
            timeToDetectMs: match.map { $0.detectedAt - firstAnomalous.ts },
            timeToContainMs: match?.containedAt.map { $0 - firstAnomalous.ts },
            loss: loss.description,
            saved: ((try? recordedLoss.subtracting(loss)) ?? .zero).description,
            rejected: report.rejected,
            incidents: report.incidents.count
        )
    }

    /// Events, refusals and governance steps of the window, with the incident's signals and actions, in time order.
    private func timeline() -> [PostmortemReport.TimelineEntry] {
        var entries = evidence.timeline.filter { $0.ts >= windowStart }
        if entries.count > Self.timelineLimit {
            entries =
                Array(entries.filter { $0.kind != "governance" }.prefix(Self.timelineLimit))
                + entries.filter { $0.kind == "governance" }
        }
        for signal in incident.signals {
            entries.append(
                .init(
                    ts: signal.ts,
                    utc: TimeText.utc(signal.ts),
                    line: signal.line,
                    kind: "signal",
                    summary: "\(signal.kind) (\(signal.severity)) on \(signal.scope.label): \(signal.evidence)",
                    block: signal.block,
                    tx: signal.tx
                )
            )
        }
        for action in incident.actions {
            entries.append(
                .init(
                    ts: action.ts,
                    utc: TimeText.utc(action.ts),
                    line: action.line,
                    kind: "action",
                    summary: "\(action.action) \(action.scope.label) by \(action.by): \(action.reason)",
                    block: action.block,
                    tx: action.tx
                )
            )
        }
        // Stable: at one line, the event comes before the signals it raised and the actions they took.
        return entries.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(
            \.element
        )
    }

    private func affectedAccounts() -> [PostmortemReport.AffectedAccount] {
        var refusals: [String: (count: Int, code: String)] = [:]
        for refusal in evidence.refusals where refusal.ts >= windowStart {
            refusals[refusal.account, default: (0, refusal.code)].count += 1
        }
        let refused = refusals.sorted { $0.key < $1.key }.map { account, refusal in
            PostmortemReport.AffectedAccount(
                account: account,
                role: "refused",
                detail:
                    "\(refusal.count) operation\(refusal.count == 1 ? "" : "s") refused during the incident (first: \(refusal.code))"
            )
        }
        let lps = recorded.lpAccounts(in: evidence.pool).filter { !evidence.accounts.contains($0) }.map {
            PostmortemReport.AffectedAccount(account: $0, role: "lp", detail: "provides liquidity to the pool")
        }
        return lps + refused
    }

    private func attacker(_ extraction: Extraction) -> PostmortemReport.Attacker {
        let activity = evidence.activity[extraction.account]
        return PostmortemReport.Attacker(
            account: extraction.account,
            extracted: extraction.value.description,
            blocked: (activity?.blocked ?? .zero).description,
            events: activity?.events ?? 0,
            rejections: activity?.rejections ?? 0,
            firstSeenAt: activity?.firstSeen ?? incident.detectedAt
        )
    }

    /// The incident accounts' movements, then what the pool's insurance fund and LPs gained or lost.
    private func fundsFlow() -> [PostmortemReport.FundsFlow] {
        var flows = evidence.flows.sorted {
            ($0.key.from, $0.key.to, $0.key.asset) < ($1.key.from, $1.key.to, $1.key.asset)
        }
        .map {
            PostmortemReport.FundsFlow(
                from: $0.key.from,
                to: $0.key.to,
                asset: $0.key.asset,
                amount: $0.value.description
            )
        }
        guard let pool = evidence.pool else { return flows }
        let config = recorded.engine.config
        let state = recorded.engine.ledger.pool(pool)
        let name = "pool " + config.pool(pool).name
        for slot in state.collateral.indices {
            let asset = config.asset(state.assets[slot]).name
            let start = evidence.insuranceAtStart?[slot] ?? state.collateral[slot].insurance
            if let change = try? state.collateral[slot].insurance.subtracting(start), !change.isZero {
                let magnitude = (try? change.magnitude()) ?? change
                flows.append(
                    change.isPositive
                        ? .init(
                            from: name,
                            to: "insurance fund of " + config.pool(pool).name,
                            asset: asset,
                            amount: magnitude.description
                        )
                        : .init(
                            from: "insurance fund of " + config.pool(pool).name,
                            to: name,
                            asset: asset,
                            amount: magnitude.description
                        )
                )
            }
            let socialized = state.collateral[slot].socializedLoss
            if socialized.isPositive {
                flows.append(
                    .init(
                        from: "LPs of " + config.pool(pool).name,
                        to: "bad debt",
                        asset: asset,
                        amount: socialized.description
                    )
                )
            }
        }
        return flows
    }
}

extension Replay {
    /// The accounts holding LP shares of `pool` at the end of the run, by name.
    func lpAccounts(in pool: PoolID?) -> [String] {
        guard let pool else { return [] }
        let state = engine.ledger.pool(pool)
        return state.accounts.ids.filter { state.account($0).lpShares.isPositive }.map(decoder.accounts.name(of:))
            .sorted()
    }
}
