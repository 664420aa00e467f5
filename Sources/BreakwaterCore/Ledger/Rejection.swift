/// Why the ledger or a breaker refused an event: an expected outcome, recorded, never an error.
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidAmount = Code(rawValue: "invalid_amount")
        public static let unknownInPool = Code(rawValue: "not_in_pool")
        /// An account id that no ``AccountDirectory`` gives: a negative one.
        public static let invalidAccount = Code(rawValue: "invalid_account")
        public static let noPrice = Code(rawValue: "no_price")
        public static let insufficientHealth = Code(rawValue: "insufficient_health")
        public static let insufficientBalance = Code(rawValue: "insufficient_balance")
        public static let insufficientLiquidity = Code(rawValue: "insufficient_liquidity")
        public static let insufficientShares = Code(rawValue: "insufficient_shares")
        public static let limitPrice = Code(rawValue: "limit_price")
        public static let accountHealthy = Code(rawValue: "account_healthy")
        public static let nothingToLiquidate = Code(rawValue: "nothing_to_liquidate")
        public static let overflow = Code(rawValue: "overflow")
        public static let oracleJump = Code(rawValue: "oracle_jump")
        public static let oracleUncertain = Code(rawValue: "oracle_uncertain")
        public static let oracleAtBound = Code(rawValue: "oracle_at_bound")
        /// Opening risk on an asset whose price is not ``PriceValidity/valid``.
        public static let priceNotValid = Code(rawValue: "price_not_valid")
        public static let marketHalted = Code(rawValue: "market_halted")
        public static let reduceOnly = Code(rawValue: "reduce_only")
        public static let outflowLimit = Code(rawValue: "outflow_limit")
        /// Entries (and, for some pauses, exits) while a pool or the protocol is paused.
        public static let poolPaused = Code(rawValue: "pool_paused")
        /// Exits by an account the policy or governance froze.
        public static let accountFrozen = Code(rawValue: "account_frozen")
        /// A liquidation in a market whose halt just ended.
        public static let liquidationGrace = Code(rawValue: "liquidation_grace")
        /// A governance action that has nothing to act on: unpausing what is not paused, and the like.
        public static let nothingToLift = Code(rawValue: "nothing_to_lift")
        public static let timeOrder = Code(rawValue: "time_order")
        public static let unknownSeries = Code(rawValue: "unknown_series")
        public static let seriesExpired = Code(rawValue: "series_expired")
        public static let seriesNotExpired = Code(rawValue: "series_not_expired")
        public static let insufficientOptions = Code(rawValue: "insufficient_options")
        public static let nothingToSettle = Code(rawValue: "nothing_to_settle")
        /// A note about an incident the engine has not opened.
        public static let unknownIncident = Code(rawValue: "unknown_incident")

        public var description: String { rawValue }
    }

    public var code: Code
    /// A sentence for a person, with the numbers that decided.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Arithmetic that does not fit is refused like any other bad input.
    public init(_ error: MoneyError) { self.init(.overflow, error.message) }
}
