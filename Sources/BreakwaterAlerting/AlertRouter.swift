import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// Which alerts each incident update calls for, target by target: the state machine behind ``Alerter``.
///
/// A target hears of an incident once the incident reaches the target's minimum severity: as `opened`, even when the
/// incident opened earlier below it (the alert says what happened before), and then of each later step. Each
/// (target, incident, step) is alerted once, so the same update handed twice calls for nothing.
struct AlertRouter: Sendable {
    /// The incident steps alerts report: an acknowledgement or a note is the operators' own doing.
    static let alerted: Set<IncidentStep.Kind> = [.opened, .reclassified, .contained, .remediated, .resolved]

    private let targets: [AlertTarget]
    private var delivered: Set<Delivery> = []

    private struct Delivery: Hashable {
        var target: Int
        var dedupKey: String
        var state: IncidentStep.Kind
    }

    init(targets: [AlertTarget]) {
        self.targets = targets
    }

    /// The alerts `update` calls for, in order, each with the index of its target.
    mutating func route(_ update: IncidentUpdate) -> [(target: Int, alert: Alert)] {
        let key = update.entry.dedupKey
        let steps = update.steps.filter(Self.alerted.contains)
        let severity = update.severity
        var alerts: [(target: Int, alert: Alert)] = []
        for (index, target) in targets.enumerated() {
            let isOpen = delivered.contains(Delivery(target: index, dedupKey: key, state: .opened))
            guard isOpen || severity >= target.minSeverity else { continue }
            // New to the target: the opening carries the current vector, so an earlier reclassification is not news.
            let states: [IncidentStep.Kind] =
                isOpen ? steps : [.opened] + steps.filter { $0 != .opened && $0 != .reclassified }
            for state in states where target.takes(state) {
                guard delivered.insert(Delivery(target: index, dedupKey: key, state: state)).inserted else { continue }
                alerts.append((target: index, alert: Alert(incident: update.entry, state: state, severity: severity)))
            }
        }
        return alerts
    }
}
