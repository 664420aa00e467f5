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

    /// `<dedup_key>:<state>`, and for a failed action its ordinal (`…:action_failed:2`): what a receiver
    /// recognizes a delivery tried again by.
    var deliveryID: String {
        let base = "\(incident.dedupKey):\(state.rawValue)"
        return state == .actionFailed ? "\(base):\(Self.failures(of: incident).count)" : base
    }

    /// `INC-0001 opened: oracle_manipulation in pool main (critical)`; for a failed action, what the chain did
    /// (`INC-0001 action_failed: oracle_manipulation in pool main (critical): 0x… reverted in block 9: paused, …`).
    var summary: String {
        let summary =
            "\(incident.id) \(state.rawValue): \(incident.kind) in \(incident.scope.label) (\(severity.rawValue))"
        guard state == .actionFailed, let failure = Self.failures(of: incident).last else { return summary }
        return "\(summary): \(failure.text)"
    }

    /// The incident's notes that say the chain did not carry out one of its actions, in order.
    static func failures(of incident: ReplayReport.IncidentEntry) -> [ReplayReport.NoteEntry] {
        (incident.notes ?? []).filter {
            $0.action == Note.Action.txReverted.rawValue || $0.action == Note.Action.txFailed.rawValue
        }
    }
}
