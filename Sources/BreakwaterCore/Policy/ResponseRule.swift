/// One line of the policy's response table: a signal kind at or above a severity, and what the automation does.
///
/// Several rules for one kind make a graduated response: a warning may put a market in reduce-only, a critical
/// signal of the same kind pause its pool. Where the response applies follows from the signal's scope:
///
/// | response | applies to |
/// |---|---|
/// | `reduce_only`, `halt` | the signal's market; else every market of its pool, or on its asset |
/// | `freeze` | the signal's account: its withdrawals, LP removals and transfers out are refused |
/// | `pause_pool` | the signal's pool, or every pool that uses its asset |
/// | `pause_protocol` | every pool |
///
/// The automation lifts a `reduce_only`, `halt` or `freeze` after ``durationMilliseconds``; it never lifts a
/// pause: only a governance event does.
public struct ResponseRule: Sendable, Hashable, Codable {
    public var signal: Signal.Kind
    public var minimumSeverity: Signal.Severity
    public var response: Response
    /// How long a `reduce_only`, `halt` or `freeze` lasts; `nil` for a pause.
    public var durationMilliseconds: Int64?
    /// For a pause: whether exits (withdrawals, LP removals, transfers out) stop too, for when the exits are the
    /// attack. Entries always stop.
    public var blocksExits: Bool

    public init(
        signal: Signal.Kind,
        minimumSeverity: Signal.Severity,
        response: Response,
        durationMilliseconds: Int64? = nil,
        blocksExits: Bool = false
    ) {
        self.signal = signal
        self.minimumSeverity = minimumSeverity
        self.response = response
        self.durationMilliseconds = durationMilliseconds
        self.blocksExits = blocksExits
    }

    /// The automated responses, tightest last.
    public enum Response: String, Sendable, Hashable, CaseIterable, Codable {
        case reduceOnly = "reduce_only"
        case halt
        case freeze
        case pausePool = "pause_pool"
        case pauseProtocol = "pause_protocol"

        /// Whether only governance may lift it.
        public var isPause: Bool { self == .pausePool || self == .pauseProtocol }
    }

    /// The documented default table: tight where the signal is specific, nothing that a benign crash trips.
    public static let defaults: [ResponseRule] = [
        ResponseRule(
            signal: .oracleTooVolatile,
            minimumSeverity: .critical,
            response: .reduceOnly,
            durationMilliseconds: 900_000
        ),
        ResponseRule(
            signal: .volumeAnomaly,
            minimumSeverity: .critical,
            response: .reduceOnly,
            durationMilliseconds: 900_000
        ),
        ResponseRule(
            signal: .washTrading,
            minimumSeverity: .warning,
            response: .reduceOnly,
            durationMilliseconds: 900_000
        ),
        ResponseRule(
            signal: .concentratedProfit,
            minimumSeverity: .critical,
            response: .freeze,
            durationMilliseconds: 3_600_000
        ),
        ResponseRule(signal: .flashLoan, minimumSeverity: .warning, response: .freeze, durationMilliseconds: 3_600_000),
        ResponseRule(signal: .liquidityDepletion, minimumSeverity: .critical, response: .pausePool, blocksExits: true),
        ResponseRule(signal: .insolvency, minimumSeverity: .critical, response: .pausePool, blocksExits: true),
        ResponseRule(
            signal: .invariantViolation,
            minimumSeverity: .critical,
            response: .pauseProtocol,
            blocksExits: true
        ),
        ResponseRule(signal: .unsafeEffect, minimumSeverity: .critical, response: .pausePool, blocksExits: true),
    ]
}
