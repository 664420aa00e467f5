public import BreakwaterCore
public import BreakwaterEngine

/// One decision as a ``DecisionSink`` receives it.
public struct DecidedEvent: Sendable {
    /// The event's place among the lines the service decided, from its source and its inbox together.
    public var line: Int
    /// The event, as the engine read it.
    public var event: Event
    /// What the engine decided: its signals, actions and incident steps.
    public var decision: Decision
    /// Decided again while a resumed journal is read back: sinks acted on it when it was first decided.
    public var isReplayed: Bool
    /// The incidents its steps moved, as they stand after it.
    public var incidents: [IncidentUpdate]
    /// Its signals and actions as the report and the API name them.
    public var signals: [ReplayReport.SignalEntry]
    /// Its actions as the report and the API name them.
    public var actions: [ReplayReport.ActionEntry]

    /// - Parameters:
    ///   - line: the event's place among the lines the service decided.
    ///   - event: the event.
    ///   - decision: what the engine decided.
    ///   - isReplayed: whether it is decided again while a resumed journal is read back.
    ///   - incidents: the incidents its steps moved, as they stand after it.
    ///   - signals: its signals as the report and the API name them.
    ///   - actions: its actions as the report and the API name them.
    public init(
        line: Int,
        event: Event,
        decision: Decision,
        isReplayed: Bool,
        incidents: [IncidentUpdate],
        signals: [ReplayReport.SignalEntry],
        actions: [ReplayReport.ActionEntry]
    ) {
        self.line = line
        self.event = event
        self.decision = decision
        self.isReplayed = isReplayed
        self.incidents = incidents
        self.signals = signals
        self.actions = actions
    }
}

/// An incident a decision moved: the engine's value, the steps it took, and the incident as the API shows it.
public struct IncidentUpdate: Sendable {
    /// The engine's incident, as it stands after the decision.
    public var incident: Incident
    /// The steps the decision took on it, in order; for an incident a sink catches up with, every lifecycle step it
    /// has reached.
    public var steps: [IncidentStep.Kind]
    /// The incident as the report and the API show it, with names.
    public var entry: ReplayReport.IncidentEntry

    /// - Parameters:
    ///   - incident: the engine's incident.
    ///   - steps: the steps the decision took on it, in order.
    ///   - entry: the incident as the report and the API show it.
    public init(incident: Incident, steps: [IncidentStep.Kind], entry: ReplayReport.IncidentEntry) {
        self.incident = incident
        self.steps = steps
        self.entry = entry
    }

    /// An incident as it stands, with the lifecycle steps it has reached: opened, then contained, remediated and
    /// resolved when it was.
    public init(current incident: Incident, entry: ReplayReport.IncidentEntry) {
        var steps: [IncidentStep.Kind] = [.opened]
        if incident.containedAt != nil { steps.append(.contained) }
        if incident.remediatedAt != nil { steps.append(.remediated) }
        if incident.resolvedAt != nil { steps.append(.resolved) }
        self.init(incident: incident, steps: steps, entry: entry)
    }

    /// How serious it is: the highest severity of its signals.
    public var severity: Signal.Severity { incident.severity }
}

/// The source went quiet (no event for longer than its limit) or speaks again.
public struct SourceChange: Sendable, Hashable {
    /// Whether the source went quiet or speaks again.
    public enum State: String, Sendable, Hashable {
        case quiet, resumed
    }

    /// The source's name.
    public var source: String
    /// Whether it went quiet or speaks again.
    public var state: State

    /// A change of `source` to `state`.
    public init(source: String, state: State) {
        self.source = source
        self.state = state
    }
}
