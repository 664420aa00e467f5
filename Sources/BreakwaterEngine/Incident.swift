public import BreakwaterCore

/// Signals grouped into one security event, with its lifecycle: detected, then contained.
public struct Incident: Sendable, Hashable, Identifiable {
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
    public var signals: [RecordedSignal] = []
    public var actions: [RecordedAction] = []
    /// The time of the latest signal or action.
    public var lastActivity: Timestamp

    /// The attack vector, from a documented list.
    public struct Vector: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A market's price pushed far from its reference (Mango Markets, 2022).
        public static let oracleManipulation = Vector(rawValue: "oracle_manipulation")
        /// A feed reporting an impossible or wildly jumping price (Synthetix sKRW, 2019).
        public static let oracleFailure = Vector(rawValue: "oracle_failure")
        /// Funds leaving a pool faster than its outflow limit allows.
        public static let liquidityDrain = Vector(rawValue: "liquidity_drain")

        public var description: String { rawValue }

        /// Which vector a signal points to, and how strongly: a stronger one renames an open incident.
        static func of(_ kind: Signal.Kind) -> (Vector, priority: Int) {
            switch kind {
            case .priceBandBreach: (.oracleManipulation, 3)
            case .outflowLimit: (.liquidityDrain, 2)
            default: (.oracleFailure, 1)
            }
        }
    }

    public var isContained: Bool { containedAt != nil }
}
