public import BreakwaterCore

/// What the engine decided for one event: accepted or rejected, the signals raised and the actions taken.
///
/// Most decisions accept an event and raise nothing. What the others carry (a rejection, signals, actions, ledger
/// effects) lives behind one reference, so an ordinary decision is two numbers and an empty reference to copy.
public struct Decision: Sendable, Hashable {
    /// 1-based position of the event among all events the engine has seen.
    public var sequence: Int
    public var timestamp: Timestamp
    private var details: Details?

    public init(sequence: Int, timestamp: Timestamp, outcome: Outcome = .accepted) {
        self.sequence = sequence
        self.timestamp = timestamp
        if case .rejected = outcome { self.outcome = outcome }
    }

    public enum Outcome: Sendable, Hashable {
        case accepted
        case rejected(Rejection)
    }

    public var outcome: Outcome {
        get { details?.fields.outcome ?? .accepted }
        set { update { $0.outcome = newValue } }
    }

    public var signals: [Signal] {
        get { details?.fields.signals ?? [] }
        set { update { $0.signals = newValue } }
    }

    public var actions: [Action] {
        get { details?.fields.actions ?? [] }
        set { update { $0.actions = newValue } }
    }

    /// The incident steps the signals and actions took: an incident opened, reclassified or contained.
    public var incidentSteps: [IncidentStep] {
        get { details?.fields.incidentSteps ?? [] }
        set { update { $0.incidentSteps = newValue } }
    }

    /// Ledger side effects of an accepted event.
    public var effects: LedgerEffects {
        get { details?.fields.effects ?? LedgerEffects() }
        set {
            // Most accepted events have none: nothing to box.
            if details == nil && newValue == LedgerEffects() { return }
            update { $0.effects = newValue }
        }
    }

    public var isAccepted: Bool { details?.fields.outcome ?? .accepted == .accepted }

    /// Whether the decision accepted its event and carries nothing else: no signal, no action, no effect.
    package var isOrdinary: Bool { details == nil }

    /// Whether the decision raised signals or took actions.
    public var hasSignalsOrActions: Bool {
        details.map { !$0.fields.signals.isEmpty || !$0.fields.actions.isEmpty } ?? false
    }

    /// The rejection, if the event was refused.
    public var rejection: Rejection? {
        if case .rejected(let rejection) = outcome { rejection } else { nil }
    }

    public static func == (lhs: Decision, rhs: Decision) -> Bool {
        lhs.sequence == rhs.sequence && lhs.timestamp == rhs.timestamp
            && (lhs.details?.fields ?? Fields()) == (rhs.details?.fields ?? Fields())
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(timestamp)
        hasher.combine(details?.fields ?? Fields())
    }

    /// Changes the details: a new box, or none when they are back to nothing.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = details?.fields ?? Fields()
        change(&fields)
        details = fields == Fields() ? nil : Details(fields)
    }

    private struct Fields: Sendable, Hashable {
        var outcome = Outcome.accepted
        var signals: [Signal] = []
        var actions: [Action] = []
        var incidentSteps: [IncidentStep] = []
        var effects = LedgerEffects()
    }

    private final class Details: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}

/// An action with the time and event that caused it.
public struct RecordedAction: Sendable, Hashable, Codable {
    public var action: Action
    public var timestamp: Timestamp
    public var sequence: Int
}

/// A signal with the time and event that raised it.
public struct RecordedSignal: Sendable, Hashable, Codable {
    public var signal: Signal
    public var timestamp: Timestamp
    public var sequence: Int
}
