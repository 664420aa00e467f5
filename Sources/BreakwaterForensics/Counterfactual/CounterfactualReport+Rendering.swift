import BreakwaterCore
import BreakwaterPipeline
import BreakwaterReportKit

extension CounterfactualReport {
    /// The difference for people: actions that fire at another time or not at all, outflows decided otherwise, and
    /// the loss.
    func text() -> String {
        var lines = ["Counterfactual under \(policy): \(incidents.count) incidents, \(rejected) rejections"]
        let counts = Dictionary(grouping: actions, by: \.change).map { "\($0.value.count) \($0.key)" }.sorted()
        lines.append("  Actions: " + (counts.isEmpty ? "none in either run" : counts.joined(separator: ", ")))
        for change in actions where change.change != "same" {
            lines.append("    " + change.summary)
        }
        lines.append("  Outflows this policy blocks that the recorded run let through: \(outflows.blocked.count)")
        for outflow in outflows.blocked.prefix(20) { lines.append("    " + outflow.summary) }
        lines.append("  Outflows this policy lets through that the recorded run blocked: \(outflows.allowed.count)")
        for outflow in outflows.allowed.prefix(20) { lines.append("    " + outflow.summary) }
        lines.append("  " + loss.summary)
        return lines.joined(separator: "\n")
    }
}

extension CounterfactualReport.ActionChange {
    /// `19:33:00.000 halt pool alts / market MNGO-PERP by auto: earlier by 1m50s (recorded at 19:34:50.000)`.
    var summary: String {
        let what = "\(action) \(scope.label) by \(by)"
        switch (recordedAt, counterfactualAt) {
        case (let recorded?, let counterfactual?) where recorded != counterfactual:
            let shift = TimeText.span(milliseconds: abs(recorded - counterfactual))
            return
                "\(TimeText.clock(counterfactual)) \(what): \(change) by \(shift) (recorded at \(TimeText.clock(recorded)))"
        case (let recorded?, nil):
            return "\(TimeText.clock(recorded)) \(what): dropped, this policy never takes it"
        case (_, let counterfactual?):
            return "\(TimeText.clock(counterfactual)) \(what): \(change) (line \(line)): \(reason)"
        case (nil, nil):
            return what
        }
    }
}

extension CounterfactualReport.Outflow {
    /// `19:43:02.000 withdraw mallory-long 3000000 USDC from alts (line 6100): no_price`.
    var summary: String {
        "\(TimeText.clock(ts)) \(kind) \(account) \(amount) \(asset) from \(pool) (line \(line)): \(code)"
    }
}

extension CounterfactualReport.LossComparison {
    /// The loss in both runs and the difference, in words.
    var summary: String {
        let named = accounts.isEmpty ? "no account named by an incident" : accounts.joined(separator: ", ")
        let verdict: String
        if saved.hasPrefix("-") {
            verdict = "this policy would have added \(saved.dropFirst())"
        } else if saved == "0" {
            verdict = "no difference"
        } else {
            verdict = "this policy would have saved \(saved)"
        }
        return "Loss (taken out by \(named)): recorded \(recorded), under this policy \(counterfactual): \(verdict)"
    }
}
