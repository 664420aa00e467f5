public import BreakwaterCore

/// The streaming detectors behind one set of entry points, one per kind of flow the engine accepted.
///
/// The engine computes the values (in the pool's quote asset, as `Double`: these are statistics, never money) and
/// passes each accepted event here; signals are appended to `signals`.
public struct Detectors: Sendable, Codable {
    private var volume: VolumeAnomalyDetector
    private var depletion: LiquidityDepletionDetector
    private var profit: ConcentratedProfitDetector
    private var wash: WashTradeDetector
    private var flash: FlashLoanDetector
    private var cascade: LiquidationCascadeDetector
    private let detectsInsolvency: Bool
    /// Each pool's quote asset name, for the insolvency evidence.
    private let quoteNames: [String]

    public init(settings: DetectorSettings, config: ProtocolConfig) {
        detectsInsolvency = settings.insolvency
        quoteNames = config.pools.map { config.asset($0.quote).name }
        volume = VolumeAnomalyDetector(settings: settings.volume, marketCount: config.markets.count)
        depletion = LiquidityDepletionDetector(settings: settings.depletion, poolCount: config.pools.count)
        profit = ConcentratedProfitDetector(settings: settings.profit, poolCount: config.pools.count)
        wash = WashTradeDetector(settings: settings.wash, marketCount: config.markets.count)
        flash = FlashLoanDetector(settings: settings.flashLoan)
        cascade = LiquidationCascadeDetector(settings: settings.cascade, poolCount: config.pools.count)
    }

    /// A trade of signed notional (positive buys) in a market of a pool now worth `poolValue`.
    /// The thresholds in force.
    public var settings: DetectorSettings {
        var settings = DetectorSettings()
        settings.volume = volume.settings
        settings.depletion = depletion.settings
        settings.profit = profit.settings
        settings.wash = wash.settings
        settings.flashLoan = flash.settings
        settings.cascade = cascade.settings
        settings.insolvency = detectsInsolvency
        return settings
    }

    /// Takes the thresholds of `settings` (a governed upgrade of the detector policy); windows, buckets and what
    /// the detectors have seen are kept.
    public mutating func retune(_ settings: DetectorSettings) {
        volume.retune(settings.volume)
        depletion.retune(settings.depletion)
        profit.retune(settings.profit)
        wash.retune(settings.wash)
        flash.retune(settings.flashLoan)
        cascade.retune(settings.cascade)
    }

    public mutating func trade(
        notional: Double,
        market: MarketID,
        pool: PoolID,
        poolValue: Double,
        account: AccountID,
        origin: FlowOrigin,
        into signals: inout [Signal]
    ) {
        let size = notional.magnitude
        if let signal = volume.observe(notional: size, market: market, pool: pool, account: account, at: origin.time) {
            signals.append(signal)
        }
        if let signal = wash.observe(
            notional: notional,
            market: market,
            pool: pool,
            poolValue: poolValue,
            account: account,
            at: origin.time
        ) {
            signals.append(signal)
        }
        flash.observeEntry(size, what: "a trade", account: account, pool: pool, poolValue: poolValue, origin: origin)
    }

    /// Value coming into a pool from an account: a deposit, an LP addition or a transfer in.
    public mutating func inflow(
        _ value: Double,
        what: @autoclosure () -> String,
        account: AccountID,
        pool: PoolID,
        poolValue: Double,
        origin: FlowOrigin
    ) {
        depletion.observeInflow(value, pool: pool, at: origin.time)
        profit.observeInflow(value, account: account, pool: pool)
        flash.observeEntry(value, what: what(), account: account, pool: pool, poolValue: poolValue, origin: origin)
    }

    /// Value leaving a pool to an account; `borrowed` is the part of it the account borrowed.
    public mutating func outflow(
        _ value: Double,
        borrowed: Double,
        account: AccountID,
        pool: PoolID,
        poolValue: Double,
        origin: FlowOrigin,
        into signals: inout [Signal]
    ) {
        if let signal = depletion.observeOutflow(
            value,
            pool: pool,
            poolValue: poolValue,
            account: account,
            at: origin.time
        ) {
            signals.append(signal)
        }
        if let signal = profit.observeOutflow(value, account: account, pool: pool, poolValue: poolValue) {
            signals.append(signal)
        }
        if let signal = flash.observeExit(value, account: account, pool: pool, poolValue: poolValue, origin: origin) {
            signals.append(signal)
        }
        if borrowed > 0 {
            flash.observeEntry(
                borrowed,
                what: "a borrow",
                account: account,
                pool: pool,
                poolValue: poolValue,
                origin: origin
            )
        }
    }

    /// A liquidation and what it left: bad debt counts toward a cascade, and bad debt beyond the insurance fund (a
    /// loss the LPs absorbed) is insolvency: critical, or a warning `underStress` (the liquidation was at the guarded
    /// price of a move the whole market confirms, so the loss is the crash's, not a bug's).
    public mutating func liquidation(
        _ effects: LedgerEffects,
        account: AccountID,
        pool: PoolID,
        underStress: Bool = false,
        at now: Timestamp,
        into signals: inout [Signal]
    ) {
        if let signal = cascade.observe(badDebt: effects.badDebt.quickDouble, pool: pool, account: account, at: now) {
            signals.append(signal)
        }
        guard detectsInsolvency, effects.socializedLoss.isPositive else { return }
        var evidence =
            "liquidating the account left \(effects.badDebt) \(quoteNames[Int(pool.index)]) of bad debt; the insurance "
            + "fund paid \(effects.insurancePaid) and the LPs absorbed \(effects.socializedLoss)"
        if underStress { evidence += "; under market stress: the crash's cost, not a logic bug" }
        signals.append(
            Signal(
                kind: .insolvency,
                scope: .pool(pool),
                severity: underStress ? .warning : .critical,
                evidence: evidence,
                accounts: [account]
            )
        )
    }
}
