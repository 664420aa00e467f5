public import BreakwaterCore
public import BreakwaterDetection
public import BreakwaterGovernance
public import BreakwaterResponse

/// The deterministic heart of Breakwater: ledger, oracle guard and breakers behind one `apply(_:)`.
///
/// The engine is a pure function of its inputs: no clock, no randomness, no I/O. Time is the event's
/// timestamp, so the same stream and config always give the same decisions. The journal stage
/// (`JournalChain`, in the pipeline) hashes every event and decision after the engine, off its hot path.
public struct Engine: Sendable {
    /// How the engine runs, beyond the protocol config.
    public struct Configuration: Sendable, Hashable {
        /// Check the constant-time invariants (``Ledger/checkBooks(of:)``) of the touched pools after every
        /// accepted event.
        public var checksInvariants: Bool
        /// Audit every pool in full (``Ledger/checkInvariants(of:)``, which recounts the accounts) every this many
        /// events; `0` never. The audit costs time in proportion to the accounts, so it runs rarely.
        public var auditInterval: Int
        /// Observer mode, for events mined on a chain: every event is a fact the engine applies to its mirror of the
        /// protocol, raising `unsafe_effect` where its own rules would have refused it and `model_divergence` where
        /// the mirror cannot apply it at all (``Engine/observe(_:into:)``).
        public var observes: Bool

        public init(checksInvariants: Bool = true, auditInterval: Int = 100_000, observes: Bool = false) {
            self.checksInvariants = checksInvariants
            self.auditInterval = auditInterval
            self.observes = observes
        }
    }

    public let config: ProtocolConfig
    public let configuration: Configuration
    /// Checks the signatures of governance actions and votes: injected, so the rules stay free of cryptography.
    public let verifier: any SignatureVerifier
    /// ``Policy/enforce``, kept apart: reading it through the config on the hot path copies the whole policy.
    let enforces: Bool
    public internal(set) var ledger: Ledger
    public internal(set) var oracleGuard: OracleGuard
    /// One price band per market.
    public internal(set) var bands: [PriceBand]
    /// One outflow limiter per pool and collateral slot.
    public internal(set) var outflowLimiters: [[OutflowLimiter]]
    public internal(set) var lastTimestamp: Timestamp?
    public internal(set) var eventCount = 0
    public internal(set) var invariantChecks = 0
    public internal(set) var invariantViolations: [(sequence: Int, violation: InvariantViolation)] = []
    var tracker: IncidentTracker
    /// The streaming detectors.
    public internal(set) var detectors: Detectors
    /// What the response table and governance restricted.
    public internal(set) var containment: Containment
    /// The keys in force, the nonces used and the DAO's proposals.
    public internal(set) var governance: Governance
    /// The replaceable parts of the protocol and the versions each ran.
    public internal(set) var modules: ModuleRegistry
    /// Per pool: whether its `withdrawal` module runs the vulnerable code, which skips the health check.
    var withdrawalsSkipHealth: [Bool]
    /// The LPs' insurance claims, one per resolved incident with a loss.
    public internal(set) var claims: [InsuranceClaim] = []
    /// The LPs' quote liquidity per share in an open incident's pool when it was detected, by incident.
    var lossBaselines: [String: Wad] = [:]
    /// Events left before the next full audit.
    var eventsUntilAudit: Int
    /// Lookups resolved once from the config, so the hot path does not copy a market's or a pool's config.
    let underlyingOfMarket: [AssetID]
    let poolOfMarket: [PoolID]
    let marketsOfAsset: [[MarketID]]
    let marketsOfPool: [[MarketID]]
    /// The pools that hold an asset as collateral or trade a market on it.
    let poolsOfAsset: [[PoolID]]
    /// Each pool's collateral assets by slot.
    let collateralAssets: [[AssetID]]
    /// The markets whose band is limited or halted, the only ones that time passing can change.
    var bandsNotNormal: [Int] = []
    /// The prices the ledger uses now: guarded asset prices that margin may use, and band-clamped marks. Kept up to
    /// date as the oracle guard and the bands change.
    public internal(set) var prices: PriceBook
    /// The same prices as `Double`s for the detectors, and pool values.
    var statistics: DetectorPrices
    /// Where each asset's price has been going over hours: what a price signal's move is read against.
    var trends: MarketTrends
    /// Whether the latest price signal on each asset read as market stress: its liquidations then go through at the
    /// guarded price, its bands settle instead of halting, and no grace period follows.
    var stressedAssets: [Bool]
    /// Per pool: the liquidations that were refused while the account was under water at the guarded price.
    public internal(set) var liquidations: [LiquidationTally]

    /// An engine for `config` before its first event.
    ///
    /// - Parameters:
    ///   - config: the protocol.
    ///   - configuration: invariant checking.
    ///   - verifier: how signatures of governance actions and votes are checked (Ed25519 in `BreakwaterKeys`).
    public init(config: ProtocolConfig, configuration: Configuration = Configuration(), verifier: any SignatureVerifier)
    {
        self.config = config
        self.configuration = configuration
        self.verifier = verifier
        enforces = config.policy.enforce
        eventsUntilAudit = configuration.auditInterval
        ledger = Ledger(config: config)
        oracleGuard = OracleGuard(config: config)
        tracker = IncidentTracker(config: config)
        bands = config.markets.map { _ in PriceBand(settings: config.policy.priceBand) }
        outflowLimiters = config.pools.map { pool in
            pool.collateral.map { _ in OutflowLimiter(settings: config.policy.outflowLimit) }
        }
        detectors = Detectors(settings: config.policy.detectors, config: config)
        containment = Containment(marketCount: config.markets.count, poolCount: config.pools.count)
        governance = Governance(config: config.governance)
        modules = ModuleRegistry(config: config)
        withdrawalsSkipHealth = Array(repeating: false, count: config.pools.count)
        underlyingOfMarket = config.markets.map(\.underlying)
        poolOfMarket = config.markets.map(\.pool)
        marketsOfAsset = config.assetIDs.map { asset in
            config.marketIDs.filter { config.market($0).underlying == asset }
        }
        marketsOfPool = config.poolIDs.map(config.markets(in:))
        poolsOfAsset = config.assetIDs.map(config.pools(using:))
        collateralAssets = config.pools.map { $0.collateral.map(\.asset) }
        prices = PriceBook(assetCount: config.assets.count, marketCount: config.markets.count)
        statistics = DetectorPrices(
            assetCount: config.assets.count,
            marketCount: config.markets.count,
            poolCount: config.pools.count
        )
        trends = MarketTrends(assetCount: config.assets.count)
        stressedAssets = Array(repeating: false, count: config.assets.count)
        liquidations = Array(repeating: LiquidationTally(), count: config.pools.count)
        for asset in config.assetIDs { refreshPrices(of: asset) }
    }

    /// The incidents detected so far, in order.
    public var incidents: [Incident] { tracker.incidents }

    /// Whether trading in `market` is stopped: halted by its price band or the policy, or its pool or the protocol
    /// paused.
    public func isStopped(_ market: MarketID) -> Bool {
        bands[Int(market.index)].isHalted || containment.isHalted(market) || isPaused(poolOfMarket[Int(market.index)])
    }

    /// The ledger's safety rules for `event`: all of them, but a withdrawal skips the account's health while its
    /// pool's withdrawal module runs the vulnerable code.
    func checks(for event: Event) -> LedgerChecks {
        guard case .withdraw(let movement) = event.payload, withdrawalsSkipHealth[Int(movement.pool.index)] else {
            return .all
        }
        return LedgerChecks.all.subtracting(.health)
    }

    /// Whether a pause of `pool`, or of the protocol, is in force.
    public func isPaused(_ pool: PoolID) -> Bool { containment.pause(of: pool) != nil }

    /// Applies one event and returns what was decided.
    public mutating func apply(_ event: Event) -> Decision {
        eventCount += 1
        var decision = decide(event)
        if decision.hasSignalsOrActions {
            // A note's own steps (an acknowledgement, a resolved outage) come first.
            decision.incidentSteps += track(decision)
            if !decision.incidentSteps.isEmpty { settleClaims(for: &decision) }
        }
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
        if case .liquidate(let liquidation) = event.payload { tally(liquidation, decision) }
        if configuration.auditInterval > 0 {
            eventsUntilAudit -= 1
            if eventsUntilAudit == 0 {
                eventsUntilAudit = configuration.auditInterval
                audit(into: &decision)
            }
        }
        if decision.hasSignalsOrActions {
            respond(into: &decision, at: event.timestamp)
            if !enforces { markNotEnforced(&decision) }
        }
        return decision
    }

    /// Shadow mode: the automation's actions are reported as what it would have done.
    private func markNotEnforced(_ decision: inout Decision) {
        guard decision.actions.contains(where: { $0.actor == .auto }) else { return }
        decision.actions = decision.actions.map { action in
            var action = action
            if action.actor == .auto { action.isEnforced = false }
            return action
        }
    }

    /// Files a decision's signals and actions into incidents.
    ///
    /// - Returns: the incident steps they took, in order.
    private mutating func track(_ decision: Decision) -> [IncidentStep] {
        var steps: [IncidentStep] = []
        for signal in decision.signals {
            let reading = reading(of: signal)
            if let reading { noteStress(of: reading) }
            if let step = tracker.record(signal, reading: reading, at: decision.timestamp, sequence: decision.sequence)
            {
                steps.append(step)
            }
        }
        for action in decision.actions {
            steps += tracker.record(action, at: decision.timestamp, sequence: decision.sequence)
        }
        return steps
    }

    private mutating func process(_ event: Event, into decision: inout Decision) {
        if case .oracle(let update) = event.payload {
            observeOracle(update, at: event.timestamp, into: &decision)
            return
        }
        if governs(event, into: &decision) { return }
        if configuration.observes {
            observe(event, into: &decision)
            return
        }
        // In shadow mode what would refuse is only reported, through the signals and actions it raised.
        if let rejection = gate(event, into: &decision), enforces {
            decision.outcome = .rejected(rejection)
            return
        }
        let book =
            if case .liquidate(let liquidation) = event.payload { liquidationPrices(in: liquidation.pool) } else {
                prices
            }
        switch ledger.apply(event.payload, at: event.timestamp, prices: book, checks: checks(for: event)) {
        case .rejected(let rejection):
            decision.outcome = .rejected(rejection)
        case .applied(let effects):
            accept(event, effects: effects, into: &decision)
        }
    }

    /// What follows an event the ledger applied: the outflow limiters count it, the detectors see it, the books are
    /// checked.
    mutating func accept(_ event: Event, effects: LedgerEffects, into decision: inout Decision) {
        decision.effects = effects
        recordFlows(of: event, into: &decision)
        detect(event, effects: effects, into: &decision)
        checkInvariants(after: event, into: &decision)
    }

    /// Whether `event` is a governance event, which is then carried out, or refused with its rejection.
    private mutating func governs(_ event: Event, into decision: inout Decision) -> Bool {
        let now = event.timestamp
        let rejection: Rejection?
        switch event.payload {
        case .governance(let action): rejection = govern(action, at: now, into: &decision)
        case .signedAction(let signed): rejection = govern(signed, at: now, into: &decision)
        case .vote(let vote): rejection = count(vote, at: now, into: &decision)
        case .queue(let proposal): rejection = queue(proposal, at: now, into: &decision)
        case .execute(let proposal): rejection = execute(proposal, at: now, into: &decision)
        case .note(let note): rejection = take(note, at: now, into: &decision)
        default: return false
        }
        if let rejection { decision.outcome = .rejected(rejection) }
        return true
    }

    private mutating func observeOracle(_ update: OracleUpdate, at now: Timestamp, into decision: inout Decision) {
        let verdict = oracleGuard.apply(update, at: now)
        if !verdict.signals.isEmpty { decision.signals += verdict.signals }
        if let rejection = verdict.rejection {
            decision.outcome = .rejected(rejection)
        } else if let price = oracleGuard.price(of: update.asset) {
            for market in marketsOfAsset[Int(update.asset.index)] {
                if let transition = bands[Int(market.index)].observe(price, at: now) {
                    record(transition, market: market, into: &decision)
                }
            }
        }
        refreshPrices(of: update.asset)
        if let price = oracleGuard.price(of: update.asset) {
            trends.observe(price.quickDouble, of: update.asset, at: now)
        }
    }

    /// Copies an asset's guarded price and validity, and the marks of its markets, into ``prices``. Margin may use
    /// a price only while its validity allows it (in shadow mode, whenever there is one).
    mutating func refreshPrices(of asset: AssetID) {
        let validity = oracleGuard.validity(of: asset)
        let price = validity.allowsMargin || !enforces ? oracleGuard.price(of: asset) : nil
        prices.assetPrices[Int(asset.index)] = price
        prices.assetValidity[Int(asset.index)] = validity
        statistics.assets[Int(asset.index)] = price?.quickDouble ?? 0
        for pool in poolsOfAsset[Int(asset.index)] { statistics.poolValues[Int(pool.index)] = nil }
        for market in marketsOfAsset[Int(asset.index)] { refreshMark(of: market) }
    }

    private mutating func refreshMark(of market: MarketID) {
        let index = Int(market.index)
        let underlying = underlyingOfMarket[index]
        let price = prices.price(of: underlying)
        if let price, enforces, !bands[index].isNormal {
            prices.markPrices[index] = bands[index].marginPrice(for: price)
        } else {
            prices.markPrices[index] = price
        }
        prices.markValidity[index] = prices.validity(of: underlying)
        statistics.marks[index] = prices.markPrices[index]?.quickDouble ?? 0
    }

    /// Lets time pass: feeds may go stale, the policy's restrictions may run out, a limit state may turn into a
    /// halt, a halt may end.
    private mutating func letTimePass(to now: Timestamp, into decision: inout Decision) {
        if now > oracleGuard.nextChange {
            let signals = oracleGuard.advance(to: now)
            if !signals.isEmpty { decision.signals += signals }
            for asset in config.assetIDs { refreshPrices(of: asset) }
        }
        if now > containment.nextExpiry { expireRestrictions(at: now, into: &decision) }
        guard !bandsNotNormal.isEmpty else { return }
        for index in bandsNotNormal {
            if let transition = bands[index].advance(to: now) {
                record(transition, market: MarketID(index), into: &decision)
            }
        }
    }

    private mutating func record(_ transition: PriceBand.Transition, market: MarketID, into decision: inout Decision) {
        var transition = transition
        let underlying = underlyingOfMarket[Int(market.index)]
        // Under market stress a band does not halt: it settles at the price the whole market confirms.
        if transition.action == .halt, stressedAssets[Int(underlying.index)],
            let price = oracleGuard.price(of: underlying)
        {
            transition = bands[Int(market.index)].settle(at: price, because: "market stress")
        }
        refreshMark(of: market)
        bandsNotNormal = bands.indices.filter { bands[$0].state != .normal }
        let scope = Scope.market(market, in: poolOfMarket[Int(market.index)])
        if transition.endsHalt && !stressedAssets[Int(underlying.index)] { startGrace(market, at: decision.timestamp) }
        if transition.action == .limitState {
            decision.signals.append(
                Signal(kind: .priceBandBreach, scope: scope, severity: .warning, evidence: transition.reason)
            )
        }
        decision.actions.append(Action(kind: transition.action, scope: scope, reason: transition.reason))
    }

    private mutating func checkInvariants(after event: Event, into decision: inout Decision) {
        guard configuration.checksInvariants else { return }
        switch event.payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): checkBooks(of: m.pool, into: &decision)
        case .transfer(let t):
            checkBooks(of: t.fromPool, into: &decision)
            checkBooks(of: t.toPool, into: &decision)
        case .trade(let t): checkBooks(of: poolOfMarket[Int(t.market.index)], into: &decision)
        case .liquidate(let l): checkBooks(of: l.pool, into: &decision)
        case .funding(let market): checkBooks(of: poolOfMarket[Int(market.index)], into: &decision)
        case .optionWrite(let write): checkOptions(write.series, into: &decision)
        case .optionBuy(let purchase): checkOptions(purchase.series, into: &decision)
        case .optionSettle(let settlement): checkOptions(settlement.series, into: &decision)
        case .optionExpire(let series): checkOptions(series, into: &decision)
        case .oracle, .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note: break
        }
    }

    /// The books of an option event's pool, and the open interest and cover of its series.
    private mutating func checkOptions(_ series: OptionSeries, into decision: inout Decision) {
        let pool = config.optionMarket(series.market).pool
        checkBooks(of: pool, into: &decision)
        report(ledger.checkOptionSeries(series), in: pool, into: &decision)
    }

    private mutating func checkBooks(of pool: PoolID, into decision: inout Decision) {
        invariantChecks += 1
        report(ledger.checkBooks(of: pool), in: pool, into: &decision)
    }

    /// Records violations against the current event and raises the critical signal for them.
    private mutating func report(_ violations: [InvariantViolation], in pool: PoolID, into decision: inout Decision) {
        guard !violations.isEmpty else { return }
        for violation in violations { invariantViolations.append((eventCount, violation)) }
        decision.signals.append(invariantSignal(violations, pool: pool))
    }

    /// Audits every pool in full now and records what fails against the current event.
    public mutating func audit() {
        var decision = Decision(sequence: eventCount, timestamp: lastTimestamp ?? Timestamp(milliseconds: 0))
        audit(into: &decision)
    }

    private mutating func audit(into decision: inout Decision) {
        for pool in config.poolIDs {
            invariantChecks += 1
            report(ledger.checkInvariants(of: pool), in: pool, into: &decision)
        }
    }
}
