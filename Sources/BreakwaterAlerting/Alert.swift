import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// One alert: the incident as the API shows it now, the step it reports and the incident's severity.
struct Alert: Sendable {
    var incident: ReplayReport.IncidentEntry
    var state: IncidentStep.Kind
    var severity: Signal.Severity

    /// `incident.opened`, `incident.contained`, …
    var event: String { "incident.\(state.rawValue)" }

    /// `<dedup_key>:<state>`: what a receiver recognizes a delivery tried again by.
    var deliveryID: String { "\(incident.dedupKey):\(state.rawValue)" }

    /// `INC-0001 opened: oracle_manipulation in pool main (critical)`.
    var summary: String {
        "\(incident.id) \(state.rawValue): \(incident.kind) in \(incident.scope.label) (\(severity.rawValue))"
    }
}
