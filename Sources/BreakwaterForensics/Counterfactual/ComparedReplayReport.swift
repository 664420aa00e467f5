public import BreakwaterPipeline
import BreakwaterReportKit

/// What `replay --from-journal PATH --policy FILE` reports: the recorded run's report and, under `counterfactual`,
/// what the other policy would have done differently (`docs/replay-report.md#counterfactual`).
public struct ComparedReplayReport: Encodable, Sendable {
    /// The recorded run, replayed.
    public var report: ReplayReport
    /// The same events under the other policy; `nil` when none was given.
    public var counterfactual: CounterfactualReport?

    /// The recorded run's `report`, with the other policy's `counterfactual` when one was given.
    public init(report: ReplayReport, counterfactual: CounterfactualReport?) {
        self.report = report
        self.counterfactual = counterfactual
    }

    private enum CodingKeys: String, CodingKey {
        case counterfactual
    }

    /// The report's own fields, and `counterfactual` beside them in the same object.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(counterfactual, forKey: .counterfactual)
    }

    /// Pretty-printed JSON with sorted keys, as ``ReplayReport/json()`` writes it.
    public func json() -> String { ReportJSON.text(of: self) }

    /// The report for people, then the difference.
    public func text() -> String {
        [report.text(), counterfactual?.text()].compactMap(\.self).joined(separator: "\n")
    }
}
