public import BreakwaterCore

/// What the engine decided for one event: accepted or rejected, the signals raised and the actions taken.
public struct Decision: Sendable, Hashable {
    /// 1-based position of the event among all events the engine has seen.
    public var sequence: Int
    public var timestamp: Timestamp
    public var outcome: Outcome
    public var signals: [Signal] = []
    public var actions: [Action] = []
    /// Effects other than none live in a box, so that an ordinary decision stays small to copy.
    private var effectsBox: EffectsBox?

    public init(sequence: Int, timestamp: Timestamp, outcome: Outcome = .accepted) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.outcome = outcome
    }

    public enum Outcome: Sendable, Hashable {
        case accepted
        case rejected(Rejection)
    }

    /// Ledger side effects of an accepted event.
    public var effects: LedgerEffects {
        get { effectsBox?.value ?? LedgerEffects() }
        set { effectsBox = newValue == LedgerEffects() ? nil : EffectsBox(newValue) }
    }

    public var isAccepted: Bool { outcome == .accepted }

    public static func == (lhs: Decision, rhs: Decision) -> Bool {
        lhs.sequence == rhs.sequence && lhs.timestamp == rhs.timestamp && lhs.outcome == rhs.outcome
            && lhs.signals == rhs.signals && lhs.actions == rhs.actions && lhs.effects == rhs.effects
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(timestamp)
        hasher.combine(outcome)
        hasher.combine(signals)
        hasher.combine(actions)
        hasher.combine(effects)
    }

    private final class EffectsBox: Sendable {
        let value: LedgerEffects
        init(_ value: LedgerEffects) { self.value = value }
    }

    /// The rejection, if the event was refused.
    public var rejection: Rejection? {
        if case .rejected(let rejection) = outcome { rejection } else { nil }
    }
}

/// An action with the time and event that caused it.
public struct RecordedAction: Sendable, Hashable {
    public var action: Action
    public var timestamp: Timestamp
    public var sequence: Int

    public init(action: Action, timestamp: Timestamp, sequence: Int) {
        self.action = action
        self.timestamp = timestamp
        self.sequence = sequence
    }
}

/// A signal with the time and event that raised it.
public struct RecordedSignal: Sendable, Hashable {
    public var signal: Signal
    public var timestamp: Timestamp
    public var sequence: Int
}
