import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// Which alerts each incident update calls for, target by target: the state machine behind ``Alerter``.
///
/// A target hears of an incident once the incident reaches the target's minimum severity: as `opened`, even when the
/// incident opened earlier below it (the alert says what happened before), and then of each later step. Each
/// (target, incident, step) is alerted once, so the same update handed twice calls for nothing; each failed action
/// (`action_failed`) is a step of its own, counted by the incident's failure notes.
struct AlertRouter: Sendable {
    /// The incident steps alerts report: an acknowledgement or a note is the operators' own doing; a failed action
    /// is the chain's.
    static let alerted: Set<IncidentStep.Kind> = [
        .opened, .reclassified, .contained, .remediated, .resolved, .actionFailed,
    ]

    private let targets: [AlertTarget]
    private var delivered: Set<Delivery> = []

    private struct Delivery: Hashable {
        var target: Int
        var dedupKey: String
        var state: IncidentStep.Kind
        /// Which failed action, for `action_failed`; 0 for the other steps, each of which happens once.
        var occurrence = 0
    }

    init(targets: [AlertTarget]) {
        self.targets = targets
    }

    /// The alerts `update` calls for, in order, each with the index of its target.
    mutating func route(_ update: IncidentUpdate) -> [(target: Int, alert: Alert)] {
        let key = update.entry.dedupKey
        let steps = update.steps.filter(Self.alerted.contains)
        let severity = update.severity
        let failures = Alert.failures(of: update.entry).count
        var alerts: [(target: Int, alert: Alert)] = []
        for (index, target) in targets.enumerated() {
            let isOpen = delivered.contains(Delivery(target: index, dedupKey: key, state: .opened))
            guard isOpen || severity >= target.minSeverity else { continue }
            // New to the target: the opening carries the current vector, so an earlier reclassification is not news.
            let states: [IncidentStep.Kind] =
                isOpen ? steps : [.opened] + steps.filter { $0 != .opened && $0 != .reclassified }
            for state in states where target.takes(state) {
                let delivery = Delivery(
                    target: index,
                    dedupKey: key,
                    state: state,
                    occurrence: state == .actionFailed ? failures : 0
                )
                guard delivered.insert(delivery).inserted else { continue }
                alerts.append((target: index, alert: Alert(incident: update.entry, state: state, severity: severity)))
            }
        }
        return alerts
    }
}
