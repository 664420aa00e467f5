import BreakwaterPipeline

/// Which alerts each new entry of an incident calls for, target by target: the state machine behind ``Alerter``.
///
/// A target hears of an incident once the incident reaches the target's minimum severity: as `opened`, even when the
/// incident opened earlier below it (the entry says what happened before), and then of each later step. Each
/// (target, incident, state) is alerted once, so the same entry handed twice calls for nothing.
struct AlertRouter: Sendable {
    private let targets: [AlertTarget]
    /// The last entry seen of each incident, by dedup key.
    private var seen: [String: ReplayReport.IncidentEntry] = [:]
    private var alerted: Set<Delivery> = []

    private struct Delivery: Hashable {
        var target: Int
        var dedupKey: String
        var state: AlertState
    }

    init(targets: [AlertTarget]) {
        self.targets = targets
    }

    /// The alerts `entry` calls for, in order, each with the index of its target.
    mutating func route(_ entry: ReplayReport.IncidentEntry) -> [(target: Int, alert: Alert)] {
        let key = entry.dedupKey
        let steps = AlertState.steps(from: seen[key], to: entry)
        seen[key] = entry
        let severity = AlertSeverity(of: entry)
        var alerts: [(target: Int, alert: Alert)] = []
        for (index, target) in targets.enumerated() {
            let isOpen = alerted.contains(Delivery(target: index, dedupKey: key, state: .opened))
            guard isOpen || severity >= target.minSeverity else { continue }
            // New to the target: the opening carries the current vector, so an earlier reclassification is not news.
            let states: [AlertState] = isOpen ? steps : [.opened] + steps.filter { $0 != .opened && $0 != .reclassified }
            for state in states where target.takes(state) {
                guard alerted.insert(Delivery(target: index, dedupKey: key, state: state)).inserted else { continue }
                alerts.append((target: index, alert: Alert(incident: entry, state: state, severity: severity)))
            }
        }
        return alerts
    }
}
