public import BreakwaterCore

/// Signals grouped into one security event, with its lifecycle: detected, then contained.
public struct Incident: Sendable, Hashable, Identifiable, Codable {
    /// `INC-0001`, `INC-0002`, … in order of detection.
    public var id: String
    public var vector: Vector
    /// The pool it happened in, or the whole protocol.
    public var scope: Scope
    public var detectedAt: Timestamp
    public var detectedSequence: Int
    /// When the first containing action fired, if one has.
    public var containedAt: Timestamp?
    public var containedSequence: Int?
    /// When a governed upgrade or hotfix of a module in its scope ran; `nil` while none did.
    public var remediatedAt: Timestamp?
    /// When governance (or the guardians' fast lane) lifted the pause that contained it; `nil` while it was not.
    public var resolvedAt: Timestamp?
    public var signals: [RecordedSignal] = []
    public var actions: [RecordedAction] = []
    /// The time of the latest signal or action.
    public var lastActivity: Timestamp
    /// The accounts its signals name, in order of appearance: the actors, attacker or victim.
    public var accounts: [AccountID] = []
    /// Signals left out as repeats: the same kind, scope and severity as one already in the incident within the
    /// cooldown (every one of them is still in its decision and the journal).
    public var repeatedSignals = 0
    /// When an operator first acknowledged it, and who; `nil` while nobody has.
    public var acknowledgedAt: Timestamp?
    public var acknowledgedBy: String?
    /// The operators' and the service's notes on it, in order.
    public var notes: [RecordedNote] = []
    /// How the move behind its deciding price signal read: the evidence for `market_stress` against
    /// `oracle_manipulation`; `nil` for an incident no price signal classified.
    public var reading: MoveReading?

    /// The attack vector, from a documented list.
    public struct Vector: RawRepresentable, Sendable, Hashable, CustomStringConvertible, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A price pushed far from its reference, or trading shaped to profit from it (Mango Markets, 2022).
        public static let oracleManipulation = Vector(rawValue: "oracle_manipulation")
        /// A feed reporting an impossible, stale, stuck or wildly jumping price (Synthetix sKRW, 2019).
        public static let oracleFailure = Vector(rawValue: "oracle_failure")
        /// Funds leaving a pool faster than they should, or to one account far beyond its deposits.
        public static let liquidityDrain = Vector(rawValue: "liquidity_drain")
        /// Liquidations far above their baseline.
        public static let liquidationCascade = Vector(rawValue: "liquidation_cascade")
        /// Losses the books cannot explain: an invariant failed, or bad debt beyond the insurance fund.
        public static let logicBug = Vector(rawValue: "logic_bug")
        /// The service's source went quiet: the engine could not see the protocol.
        public static let sourceOutage = Vector(rawValue: "source_outage")
        /// The service's source keeps giving lines that cannot be read: the engine sees part of the protocol.
        public static let sourceFault = Vector(rawValue: "source_fault")
        /// Observer mode: the engine's mirror of the protocol cannot apply what the chain did; its state is no
        /// longer the chain's.
        public static let modelDivergence = Vector(rawValue: "model_divergence")
        /// A broad, consistent move (Black Thursday, 2020; LUNA, 2022): the asset's feeds agree, other assets or
        /// the asset's own history move the same way, and no actor stands in the signals. It informs; it pages
        /// no one.
        public static let marketStress = Vector(rawValue: "market_stress")
        /// One feed left out of its asset's price longer than `policy.detectors.feed_fault.after_ms` while the others
        /// price it (Compound's DAI on Coinbase, November 2020): the people who run the oracle must hear of it, but
        /// nothing needs to halt. One incident per feed, resolved when the feed counts again.
        public static let feedFault = Vector(rawValue: "feed_fault")

        /// Whether it is an attack on the protocol: what a feed's fault joins, and what benign streams must not raise.
        public var isAttack: Bool { [.oracleManipulation, .liquidityDrain, .logicBug].contains(self) }

        public var description: String { rawValue }

        /// Which vector a signal points to, and how strongly: a stronger one renames an open incident. A price
        /// signal whose move reads as stress, or an insolvency under stress, points to `market_stress`, above a
        /// cascade and below everything else.
        static func of(_ signal: Signal, reading: MoveReading? = nil) -> (Vector, priority: Int) {
            if let reading, reading.isStress { return (.marketStress, 3) }
            // Bad debt from a liquidation under market stress (a warning, not critical) is the crash's cost.
            if signal.kind == .insolvency && signal.severity < .critical { return (.marketStress, 3) }
            return switch signal.kind {
            case .invariantViolation, .insolvency: (.logicBug, 12)
            case .flashLoan: (.liquidityDrain, 10)
            case .priceBandBreach, .washTrading, .oracleTooVolatile: (.oracleManipulation, 8)
            case .outflowLimit, .liquidityDepletion, .concentratedProfit: (.liquidityDrain, 6)
            case .volumeAnomaly: (.oracleManipulation, 4)
            case .liquidationCascade: (.liquidationCascade, 2)
            case .unsafeEffect: (.logicBug, 0)
            case .sourceQuiet: (.sourceOutage, 0)
            case .sourceFault: (.sourceFault, 0)
            case .modelDivergence: (.modelDivergence, 0)
            case .feedFault, .feedRestored: (.feedFault, 0)
            default: (.oracleFailure, 0)
            }
        }
    }

    public var isContained: Bool { containedAt != nil }

    /// How serious it is, as its classification sets it: market stress informs, a feed's fault warns, a manipulation
    /// pages (critical) whatever its signals say; any other incident is as serious as its most serious signal
    /// (`info` while it has none).
    public var severity: Signal.Severity {
        switch vector {
        case .marketStress: .info
        case .feedFault: .warning
        case .oracleManipulation: .critical
        default: signals.lazy.map(\.signal.severity).max() ?? .info
        }
    }
}

/// A note as an incident keeps it: what the journaled ``Note`` said, and when.
public struct RecordedNote: Sendable, Hashable, Codable {
    public var timestamp: Timestamp
    public var sequence: Int
    /// The note's stream name (``Note/Action``): `acknowledge`, `comment`, `source_quiet`, `tx_mined`, ….
    public var action: String
    public var author: String
    public var text: String
}
