public import BreakwaterCore
import BreakwaterDetection
public import BreakwaterGovernance
import BreakwaterResponse

extension Engine {
    /// Everything about the engine that events change: with the same config and configuration, an engine restored
    /// from it decides every later event exactly as the engine it was taken from.
    public struct Snapshot: Codable, Sendable {
        var ledger: Ledger
        var oracleGuard: OracleGuard
        var bands: [PriceBand]
        var outflowLimiters: [[OutflowLimiter]]
        var lastTimestamp: Timestamp?
        var eventCount: Int
        var invariantChecks: Int
        var invariantViolations: [SequencedViolation]
        var tracker: IncidentTracker
        var detectors: Detectors
        var containment: Containment
        var governance: Governance
        var modules: ModuleRegistry
        var claims: [InsuranceClaim]
        var lossBaselines: [String: Wad]
        var eventsUntilAudit: Int
        var bandsNotNormal: [Int]
        var prices: PriceBook
        var statistics: DetectorPrices
        var trends: MarketTrends
        var stressedAssets: [Bool]
        var liquidations: [LiquidationTally]

        struct SequencedViolation: Codable, Sendable {
            var sequence: Int
            var violation: InvariantViolation
        }
    }

    /// The engine's state now.
    public var snapshot: Snapshot {
        Snapshot(
            ledger: ledger,
            oracleGuard: oracleGuard,
            bands: bands,
            outflowLimiters: outflowLimiters,
            lastTimestamp: lastTimestamp,
            eventCount: eventCount,
            invariantChecks: invariantChecks,
            invariantViolations: invariantViolations.map { .init(sequence: $0.sequence, violation: $0.violation) },
            tracker: tracker,
            detectors: detectors,
            containment: containment,
            governance: governance,
            modules: modules,
            claims: claims,
            lossBaselines: lossBaselines,
            eventsUntilAudit: eventsUntilAudit,
            bandsNotNormal: bandsNotNormal,
            prices: prices,
            statistics: statistics,
            trends: trends,
            stressedAssets: stressedAssets,
            liquidations: liquidations
        )
    }

    /// An engine for `config` in the state `snapshot` was taken in. The snapshot must come from an engine with the
    /// same config and configuration (the journal's header pins both).
    public init(
        config: ProtocolConfig,
        configuration: Configuration = Configuration(),
        verifier: any SignatureVerifier,
        restoring snapshot: Snapshot
    ) {
        self.init(config: config, configuration: configuration, verifier: verifier)
        ledger = snapshot.ledger
        oracleGuard = snapshot.oracleGuard
        bands = snapshot.bands
        outflowLimiters = snapshot.outflowLimiters
        lastTimestamp = snapshot.lastTimestamp
        eventCount = snapshot.eventCount
        invariantChecks = snapshot.invariantChecks
        invariantViolations = snapshot.invariantViolations.map { ($0.sequence, $0.violation) }
        tracker = snapshot.tracker
        detectors = snapshot.detectors
        containment = snapshot.containment
        governance = snapshot.governance
        modules = snapshot.modules
        withdrawalsSkipHealth = config.pools.map {
            modules.current("withdrawal/" + $0.name)?.settings["code"] == ModuleRegistry.vulnerableWithdrawal
        }
        claims = snapshot.claims
        lossBaselines = snapshot.lossBaselines
        eventsUntilAudit = snapshot.eventsUntilAudit
        bandsNotNormal = snapshot.bandsNotNormal
        prices = snapshot.prices
        statistics = snapshot.statistics
        trends = snapshot.trends
        stressedAssets = snapshot.stressedAssets
        liquidations = snapshot.liquidations
    }
}
