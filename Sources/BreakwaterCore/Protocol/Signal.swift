/// A detector's finding: what it saw, where, how bad, and the evidence.
public struct Signal: Sendable, Hashable {
    public var kind: Kind
    public var scope: Scope
    public var severity: Severity
    /// The numbers that decided, for a person.
    public var evidence: String

    public init(kind: Kind, scope: Scope, severity: Severity, evidence: String) {
        self.kind = kind
        self.scope = scope
        self.severity = severity
        self.evidence = evidence
    }

    /// What was detected; stable snake_case names.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// One feed update moved by at least the jump factor; the feed is tripped until reset.
        public static let oracleJump = Kind(rawValue: "oracle_jump")
        /// A feed reported a zero or negative price.
        public static let oracleInvalid = Kind(rawValue: "oracle_invalid")
        /// A feed reported a confidence interval too wide for its price.
        public static let oracleUncertain = Kind(rawValue: "oracle_uncertain")
        /// A feed reported a price at its configured floor or ceiling, where its aggregator clamps.
        public static let oracleAtBound = Kind(rawValue: "oracle_at_bound")
        /// A feed moved away from the median of the asset's other feeds.
        public static let oracleDivergent = Kind(rawValue: "oracle_divergent")
        /// An asset's median moved too far from its time-weighted reference.
        public static let oracleTooVolatile = Kind(rawValue: "oracle_too_volatile")
        /// An asset has no valid feed left: every one is stale, refused, tripped or divergent.
        public static let oracleUnavailable = Kind(rawValue: "oracle_unavailable")
        /// A market's guarded price left its band.
        public static let priceBandBreach = Kind(rawValue: "price_band_breach")
        /// A withdrawal exceeded a pool's outflow limit.
        public static let outflowLimit = Kind(rawValue: "outflow_limit")

        public var description: String { rawValue }
    }

    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case info, warning, critical

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
