import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// Compares a recorded run with the same events replayed under another policy.
struct CounterfactualComparison {
    let recorded: Replay
    let counterfactual: Replay

    func report(policy: String, outflows: OutflowDifferences) -> CounterfactualReport {
        let recordedReport = recorded.report()
        let counterfactualReport = counterfactual.report()
        let suspects = Set((recordedReport.incidents + counterfactualReport.incidents).flatMap(\.accounts)).sorted()
        let recordedLoss = Extraction.loss(Extraction.measure(suspects, in: recorded, price: price))
        let counterfactualLoss = Extraction.loss(Extraction.measure(suspects, in: counterfactual, price: price))
        return CounterfactualReport(
            policy: policy,
            journalHead: counterfactualReport.journalHead,
            rejected: counterfactualReport.rejected,
            incidents: counterfactualReport.incidents,
            actions: Self.pair(recordedReport.actions, counterfactualReport.actions),
            outflows: .init(blocked: outflows.blocked, allowed: outflows.allowed),
            loss: .init(
                accounts: suspects,
                recorded: recordedLoss.description,
                counterfactual: counterfactualLoss.description,
                saved: ((try? recordedLoss.subtracting(counterfactualLoss)) ?? .zero).description
            )
        )
    }

    /// Both runs are valued at the recorded run's final prices, so a difference in loss is a difference in what
    /// left, not in how it is priced; an asset the recorded run has no price for takes the other run's.
    private func price(of asset: AssetID) -> Wad? {
        recorded.engine.prices.price(of: asset) ?? counterfactual.engine.prices.price(of: asset)
    }

    /// Pairs the actions of the two runs: the n-th firing of an action on a scope by an actor in one with the n-th
    /// in the other. Ordered by the time they fire (in the counterfactual when they fire there).
    static func pair(
        _ recorded: [ReplayReport.ActionEntry],
        _ counterfactual: [ReplayReport.ActionEntry]
    ) -> [CounterfactualReport.ActionChange] {
        struct Key: Hashable {
            var action: String
            var scope: ReplayReport.ScopeEntry
            var by: String
        }
        func key(_ entry: ReplayReport.ActionEntry) -> Key {
            Key(action: entry.action, scope: entry.scope, by: entry.by)
        }
        // Positions in `recorded`, per key, in order: the unmatched ones come out in the recorded order.
        var unmatched = Dictionary(grouping: recorded.indices, by: { key(recorded[$0]) }).mapValues { ArraySlice($0) }
        var changes: [CounterfactualReport.ActionChange] = []
        for entry in counterfactual {
            let match = unmatched[key(entry)]?.popFirst().map { recorded[$0] }
            let change = match.map { $0.ts == entry.ts ? "same" : entry.ts < $0.ts ? "earlier" : "later" } ?? "added"
            changes.append(.init(entry, change: change, recordedAt: match?.ts, counterfactualAt: entry.ts))
        }
        for index in unmatched.values.joined().sorted() {
            changes.append(
                .init(recorded[index], change: "dropped", recordedAt: recorded[index].ts, counterfactualAt: nil)
            )
        }
        // By time, then line, then the order above: the same runs always give the same list.
        return changes.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            return (x.counterfactualAt ?? x.recordedAt ?? 0, x.line, a.offset) < (
                y.counterfactualAt ?? y.recordedAt ?? 0, y.line, b.offset
            )
        }.map(\.element)
    }
}

extension CounterfactualReport.ActionChange {
    init(_ entry: ReplayReport.ActionEntry, change: String, recordedAt: Int64?, counterfactualAt: Int64?) {
        self.init(
            action: entry.action,
            scope: entry.scope,
            by: entry.by,
            change: change,
            recordedAt: recordedAt,
            counterfactualAt: counterfactualAt,
            line: entry.line,
            reason: entry.reason
        )
    }
}
