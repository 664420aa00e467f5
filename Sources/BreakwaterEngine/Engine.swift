public import BreakwaterCore
public import BreakwaterDetection
public import BreakwaterResponse

/// The deterministic heart of Breakwater: ledger, oracle guard and breakers behind one `apply(_:)`.
///
/// The engine is a pure function of its inputs: no clock, no randomness, no I/O. Time is the event's
/// timestamp, so the same stream and config always give the same decisions. The journal stage
/// (``JournalChain``) hashes every event and decision after the engine, off its hot path.
public struct Engine: Sendable {
    /// How the engine runs, beyond the protocol config.
    public struct Configuration: Sendable, Hashable {
        /// Check the constant-time invariants (``Ledger/checkBooks(of:)``) of the touched pools after every
        /// accepted event.
        public var checksInvariants: Bool
        /// Audit every pool in full (``Ledger/checkInvariants(of:)``, which recounts the accounts) every this many
        /// events; `0` never. The audit costs time in proportion to the accounts, so it runs rarely.
        public var auditInterval: Int

        public init(checksInvariants: Bool = true, auditInterval: Int = 100_000) {
            self.checksInvariants = checksInvariants
            self.auditInterval = auditInterval
        }
    }

    public let config: ProtocolConfig
    public let configuration: Configuration
    public private(set) var ledger: Ledger
    public private(set) var oracleGuard: OracleGuard
    /// One price band per market.
    public private(set) var bands: [PriceBand]
    /// One outflow limiter per pool and collateral slot.
    public internal(set) var outflowLimiters: [[OutflowLimiter]]
    public private(set) var lastTimestamp: Timestamp?
    public private(set) var eventCount = 0
    public private(set) var invariantChecks = 0
    public private(set) var invariantViolations: [(sequence: Int, violation: InvariantViolation)] = []
    private var tracker: IncidentTracker
    /// Events left before the next full audit.
    private var eventsUntilAudit: Int
    private var marketsByAsset: [[MarketID]]
    /// Each market's underlying, so the hot path does not copy a market's config to read it.
    let underlyingOfMarket: [AssetID]
    /// The markets whose band is limited or halted, the only ones that time passing can change.
    private var bandsNotNormal: [Int] = []
    /// The prices the ledger uses now: guarded asset prices that margin may use, and band-clamped marks. Kept up to
    /// date as the oracle guard and the bands change.
    public private(set) var prices: PriceBook

    public init(config: ProtocolConfig, configuration: Configuration = Configuration()) {
        self.config = config
        self.configuration = configuration
        eventsUntilAudit = configuration.auditInterval
        ledger = Ledger(config: config)
        oracleGuard = OracleGuard(config: config)
        tracker = IncidentTracker(config: config)
        bands = config.markets.map { _ in PriceBand(settings: config.policy.priceBand) }
        outflowLimiters = config.pools.map { pool in
            pool.collateral.map { _ in OutflowLimiter(settings: config.policy.outflowLimit) }
        }
        var marketsByAsset = Array(repeating: [MarketID](), count: config.assets.count)
        for id in config.marketIDs { marketsByAsset[Int(config.market(id).underlying.index)].append(id) }
        self.marketsByAsset = marketsByAsset
        underlyingOfMarket = config.markets.map(\.underlying)
        prices = PriceBook(assetCount: config.assets.count, marketCount: config.markets.count)
        for asset in config.assetIDs { refreshPrices(of: asset) }
    }

    /// The incidents detected so far, in order.
    public var incidents: [Incident] { tracker.incidents }

    /// Applies one event and returns what was decided.
    public mutating func apply(_ event: Event) -> Decision {
        eventCount += 1
        let decision = decide(event)
        if configuration.auditInterval > 0 {
            eventsUntilAudit -= 1
            if eventsUntilAudit == 0 {
                eventsUntilAudit = configuration.auditInterval
                audit()
            }
        }
        if decision.hasSignalsOrActions { track(decision) }
        return decision
    }

    /// What the engine decides on the event it is counting now.
    private mutating func decide(_ event: Event) -> Decision {
        var decision = Decision(sequence: eventCount, timestamp: event.timestamp)
        if let last = lastTimestamp, event.timestamp < last {
            decision.outcome = .rejected(
                Rejection(.timeOrder, "timestamp \(event.timestamp) is before the previous event's \(last)")
            )
            return decision
        }
        lastTimestamp = event.timestamp
        letTimePass(to: event.timestamp, into: &decision)
        process(event, into: &decision)
        return decision
    }

    /// Files a decision's signals and actions into incidents.
    private mutating func track(_ decision: Decision) {
        for signal in decision.signals { tracker.record(signal, at: decision.timestamp, sequence: decision.sequence) }
        for action in decision.actions { tracker.record(action, at: decision.timestamp, sequence: decision.sequence) }
    }

    private mutating func process(_ event: Event, into decision: inout Decision) {
        if case .oracle(let update) = event.payload {
            observeOracle(update, at: event.timestamp, into: &decision)
            return
        }
        if let rejection = gate(event, into: &decision) {
            decision.outcome = .rejected(rejection)
            return
        }
        switch ledger.apply(event.payload, at: event.timestamp, prices: prices) {
        case .rejected(let rejection):
            decision.outcome = .rejected(rejection)
        case .applied(let effects):
            decision.effects = effects
            recordFlows(of: event, into: &decision)
            checkInvariants(after: event)
        }
    }

    private mutating func observeOracle(_ update: OracleUpdate, at now: Timestamp, into decision: inout Decision) {
        let verdict = oracleGuard.apply(update, at: now)
        if !verdict.signals.isEmpty { decision.signals += verdict.signals }
        if let rejection = verdict.rejection {
            decision.outcome = .rejected(rejection)
        } else if let price = oracleGuard.price(of: update.asset) {
            for market in marketsByAsset[Int(update.asset.index)] {
                if let transition = bands[Int(market.index)].observe(price, at: now) {
                    record(transition, market: market, into: &decision)
                }
            }
        }
        refreshPrices(of: update.asset)
    }

    /// Copies an asset's guarded price and validity, and the marks of its markets, into ``prices``. Margin may use
    /// a price only while its validity allows it.
    private mutating func refreshPrices(of asset: AssetID) {
        let validity = oracleGuard.validity(of: asset)
        let price = validity.allowsMargin ? oracleGuard.price(of: asset) : nil
        prices.assetPrices[Int(asset.index)] = price
        prices.assetValidity[Int(asset.index)] = validity
        for market in marketsByAsset[Int(asset.index)] { refreshMark(of: market) }
    }

    private mutating func refreshMark(of market: MarketID) {
        let index = Int(market.index)
        let underlying = underlyingOfMarket[index]
        prices.markPrices[index] = prices.price(of: underlying).map(bands[index].marginPrice)
        prices.markValidity[index] = prices.validity(of: underlying)
    }

    /// Lets time pass: feeds may go stale, a limit state may turn into a halt, a halt may end.
    private mutating func letTimePass(to now: Timestamp, into decision: inout Decision) {
        if now > oracleGuard.nextChange {
            let signals = oracleGuard.advance(to: now)
            if !signals.isEmpty { decision.signals += signals }
            for asset in config.assetIDs { refreshPrices(of: asset) }
        }
        guard !bandsNotNormal.isEmpty else { return }
        for index in bandsNotNormal {
            if let transition = bands[index].advance(to: now) {
                record(transition, market: MarketID(index), into: &decision)
            }
        }
    }

    private mutating func record(_ transition: PriceBand.Transition, market: MarketID, into decision: inout Decision) {
        refreshMark(of: market)
        bandsNotNormal = bands.indices.filter { bands[$0].state != .normal }
        let scope = Scope.market(market, in: config.pool(of: market))
        if transition.action == .limitState {
            decision.signals.append(
                Signal(kind: .priceBandBreach, scope: scope, severity: .warning, evidence: transition.reason)
            )
        }
        decision.actions.append(Action(kind: transition.action, scope: scope, reason: transition.reason))
    }

    private mutating func checkInvariants(after event: Event) {
        guard configuration.checksInvariants else { return }
        switch event.payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): checkBooks(of: m.pool)
        case .transfer(let t):
            checkBooks(of: t.fromPool)
            checkBooks(of: t.toPool)
        case .trade(let t): checkBooks(of: config.pool(of: t.market))
        case .liquidate(let l): checkBooks(of: l.pool)
        case .funding(let market): checkBooks(of: config.pool(of: market))
        case .optionWrite(let write): checkOptions(write.series)
        case .optionBuy(let purchase): checkOptions(purchase.series)
        case .optionSettle(let settlement): checkOptions(settlement.series)
        case .optionExpire(let series): checkOptions(series)
        case .oracle, .tick: break
        }
    }

    /// The books of an option event's pool, and the open interest and cover of its series.
    private mutating func checkOptions(_ series: OptionSeries) {
        checkBooks(of: config.optionMarket(series.market).pool)
        for violation in ledger.checkOptionSeries(series) {
            invariantViolations.append((eventCount, violation))
        }
    }

    private mutating func checkBooks(of pool: PoolID) {
        invariantChecks += 1
        for violation in ledger.checkBooks(of: pool) {
            invariantViolations.append((eventCount, violation))
        }
    }

    /// Audits every pool in full now and records what fails against the current event.
    public mutating func audit() {
        for pool in config.poolIDs {
            invariantChecks += 1
            for violation in ledger.checkInvariants(of: pool) {
                invariantViolations.append((eventCount, violation))
            }
        }
    }
}
