/// A detector's finding: what it saw, where, how bad, and the evidence.
public struct Signal: Sendable, Hashable, Codable {
    public var kind: Kind
    public var scope: Scope
    public var severity: Severity
    /// The numbers that decided, for a person.
    public var evidence: String
    /// The accounts involved, first the one acting in the triggering event: what incidents correlate actors by.
    public var accounts: [AccountID]

    public init(kind: Kind, scope: Scope, severity: Severity, evidence: String, accounts: [AccountID] = []) {
        self.kind = kind
        self.scope = scope
        self.severity = severity
        self.evidence = evidence
        self.accounts = accounts
    }

    /// What was detected; stable snake_case names.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible, Codable {
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
        /// A feed has been left out of its asset's price (refused, divergent, or silent past its heartbeat) for
        /// longer than `policy.detectors.feed_fault.after_ms`; a warning for the people who run the oracle, never a
        /// reason to halt. Scope: the asset and the feed.
        public static let feedFault = Kind(rawValue: "feed_fault")
        /// A feed raised as `feed_fault` counts in its asset's price again; informs, and resolves the fault.
        public static let feedRestored = Kind(rawValue: "feed_restored")
        /// A market's guarded price left its band.
        public static let priceBandBreach = Kind(rawValue: "price_band_breach")
        /// A withdrawal exceeded a pool's outflow limit.
        public static let outflowLimit = Kind(rawValue: "outflow_limit")
        /// A market's traded notional far above its baseline.
        public static let volumeAnomaly = Kind(rawValue: "volume_anomaly")
        /// A pool's value leaving faster than a share of it per window.
        public static let liquidityDepletion = Kind(rawValue: "liquidity_depletion")
        /// One account took out far more than it put in.
        public static let concentratedProfit = Kind(rawValue: "concentrated_profit")
        /// Opposite positions of similar size by two accounts, close in time.
        public static let washTrading = Kind(rawValue: "wash_trading")
        /// A large inflow, borrow or trade and a large withdrawal by one account in one block or transaction.
        public static let flashLoan = Kind(rawValue: "flash_loan")
        /// Liquidations far above their baseline.
        public static let liquidationCascade = Kind(rawValue: "liquidation_cascade")
        /// Bad debt beyond what the insurance fund covered: the LPs took a loss.
        public static let insolvency = Kind(rawValue: "insolvency")
        /// A ledger invariant failed; always critical.
        public static let invariantViolation = Kind(rawValue: "invariant_violation")
        /// The service's source gave no event for longer than its limit: the engine cannot defend what it cannot
        /// see. Raised on the service's `source_quiet` note, always critical.
        public static let sourceQuiet = Kind(rawValue: "source_quiet")
        /// The service's source keeps giving lines that cannot be read: part of what it says is lost. Raised on the
        /// service's `source_fault` note, a warning.
        public static let sourceFault = Kind(rawValue: "source_fault")
        /// Observer mode: a mined event the engine's gate or the ledger's safety rules would have refused, which the
        /// protocol's own checks let through; always critical.
        public static let unsafeEffect = Kind(rawValue: "unsafe_effect")
        /// Observer mode: a mined event the engine's mirror of the protocol cannot apply at all, so it no longer
        /// matches the chain; always critical.
        public static let modelDivergence = Kind(rawValue: "model_divergence")

        public var description: String { rawValue }

        /// Every kind a detector raises, for configs that name them.
        public static let known: [Kind] = [
            .oracleJump, .oracleInvalid, .oracleUncertain, .oracleAtBound, .oracleDivergent, .oracleTooVolatile,
            .oracleUnavailable, .feedFault, .feedRestored, .priceBandBreach, .outflowLimit, .volumeAnomaly,
            .liquidityDepletion,
            .concentratedProfit, .washTrading, .flashLoan, .liquidationCascade, .insolvency, .invariantViolation,
            .sourceQuiet, .sourceFault, .unsafeEffect, .modelDivergence,
        ]
    }

    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
        case info, warning, critical

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
