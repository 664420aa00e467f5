import BreakwaterCore
import BreakwaterPipeline
import BreakwaterReportKit

/// Turns an incident's counterfactuals into advice: which policy would have lost less or contained sooner, and at
/// what cost in refused operations.
enum Recommendation {
    static func text(
        recordedLoss: Wad,
        recordedRejections: Int,
        counterfactuals: [PostmortemReport.Counterfactual],
        summary: PostmortemReport.Summary
    ) -> String {
        var sentences: [String] = []
        if let unguarded = counterfactuals.first {
            sentences.append(
                "With every response off, automated or signed, the incident's accounts would have taken \(unguarded.loss) (recorded: \(recordedLoss))."
            )
        }
        let candidates = counterfactuals.dropFirst()
        func loss(_ counterfactual: PostmortemReport.Counterfactual) -> Wad {
            (try? Wad(parsing: counterfactual.loss)) ?? .zero
        }
        let recordedContainment = summary.timeToContainMs ?? .max
        let best = candidates.min { a, b in
            (loss(a), a.timeToContainMs ?? .max, a.rejected) < (loss(b), b.timeToContainMs ?? .max, b.rejected)
        }
        if let best, loss(best) < recordedLoss {
            sentences.append("Consider \(best.policy): it would have saved \(best.saved).")
        } else if let best, loss(best) == recordedLoss, let ttc = best.timeToContainMs, ttc < recordedContainment {
            let sooner =
                recordedContainment == .max
                ? "contained \(TimeText.span(milliseconds: ttc)) after the first anomalous event (the recorded policy never contained it)"
                : "contained \(TimeText.span(milliseconds: recordedContainment - ttc)) sooner"
            sentences.append(
                "Consider \(best.policy): the same loss, \(sooner), refusing \(best.rejected) operations in the run "
                    + "(recorded: \(recordedRejections))."
            )
        } else if !candidates.isEmpty {
            sentences.append("Keep the current thresholds: no variant tried would have lost less or contained sooner.")
        }
        if let worst = candidates.max(by: { loss($0) < loss($1) }), loss(worst) > recordedLoss {
            sentences.append("Loosening matters: with \(worst.policy) the loss would have been \(worst.loss).")
        }
        return sentences.joined(separator: " ")
    }
}
