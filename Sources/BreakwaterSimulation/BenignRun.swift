public import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys

/// A benign market run through the engine, and what the automation did to it: the false-positive side of the
/// trade-off between response speed and needless halts.
public struct BenignRun: Sendable {
    public var days: Int
    public var events = 0
    /// Pause actions on a pool or the protocol: the default policy must have none on a benign market.
    public var pauses = 0
    /// Market restrictions (limit state, halt, reduce-only) and account freezes.
    public var marketRestrictions = 0
    public var freezes = 0
    public var incidents = 0
    /// Minutes markets spent stopped (halted, or their pool paused), summed over markets.
    public var haltMinutes = 0.0
    public var invariantViolations = 0

    /// Runs `MangoScenario.benign(seed:days:)` under `config` (the default protocol's names are required).
    public init(seed: UInt64, days: Int, config: ProtocolConfig) {
        self.days = days
        let schedule = MangoScenario.benign(seed: seed, days: days).schedule(for: config)
        var engine = Engine(config: config, verifier: Ed25519Verifier())
        var downtime = Downtime(config: config)
        var last = Timestamp(milliseconds: 0)
        for event in schedule.events() {
            events += 1
            last = event.timestamp
            let decision = engine.apply(event)
            guard decision.hasSignalsOrActions else { continue }
            for action in decision.actions where action.actor == .auto {
                switch action.kind {
                case .pause: pauses += 1
                case .freeze: freezes += 1
                case .limitState, .reduceOnly, .halt: marketRestrictions += 1
                default: break
                }
            }
            downtime.update(at: event.timestamp) { engine.isStopped($0) }
        }
        haltMinutes = downtime.marketMinutes(until: last)
        incidents = engine.incidents.count
        invariantViolations = engine.invariantViolations.count
    }
}
