public import BreakwaterCore
public import BreakwaterEngine

/// One decision as a ``DecisionSink`` receives it.
public struct DecidedEvent: Sendable {
    /// The event's place among the lines the service decided, from its source and its inbox together.
    public var line: Int
    public var event: Event
    /// What the engine decided: its signals, actions and incident steps.
    public var decision: Decision
    /// Decided again while a resumed journal is read back: sinks acted on it when it was first decided.
    public var isReplayed: Bool
    /// The incidents its steps moved, as they stand after it.
    public var incidents: [IncidentUpdate]
    /// Its signals and actions as the report and the API name them.
    public var signals: [ReplayReport.SignalEntry]
    public var actions: [ReplayReport.ActionEntry]

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
    public var incident: Incident
    /// The steps the decision took on it, in order; for an incident a sink catches up with, every lifecycle step it
    /// has reached.
    public var steps: [IncidentStep.Kind]
    /// The incident as the report and the API show it, with names.
    public var entry: ReplayReport.IncidentEntry

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
    public enum State: String, Sendable, Hashable {
        case quiet, resumed
    }

    /// The source's name.
    public var source: String
    public var state: State

    public init(source: String, state: State) {
        self.source = source
        self.state = state
    }
}
