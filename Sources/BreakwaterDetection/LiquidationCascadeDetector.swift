import BreakwaterCore

/// Counts liquidations per pool and bucket against a baseline, and the bad debt they leave
/// (``LiquidationCascadeSettings``).
struct LiquidationCascadeDetector: Sendable, Codable {
    private(set) var settings: LiquidationCascadeSettings
    private var warning: Double
    private var pools: [Pool]

    private struct Pool: Sendable, Codable {
        var baseline: BucketBaseline
        var badDebt = 0.0
        var raised: Signal.Severity?
    }

    init(settings: LiquidationCascadeSettings, poolCount: Int) {
        self.settings = settings
        warning = settings.warningScore.approximateDouble
        let baseline = BucketBaseline(
            bucketMilliseconds: settings.bucketMilliseconds,
            halfLifeMilliseconds: settings.baselineHalfLifeMilliseconds
        )
        pools = Array(repeating: Pool(baseline: baseline), count: poolCount)
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: LiquidationCascadeSettings) {
        self.settings.warningScore = settings.warningScore
        warning = settings.warningScore.approximateDouble
    }

    /// Counts one liquidation with the bad debt it left (in the quote asset).
    mutating func observe(badDebt: Double, pool: PoolID, account: AccountID, at now: Timestamp) -> Signal? {
        guard settings.isEnabled else { return nil }
        let index = Int(pool.index)
        if pools[index].baseline.roll(to: now, clip: warning, floor: 1) {
            pools[index].raised = nil
            pools[index].badDebt = 0
        }
        pools[index].baseline.add(1)
        pools[index].badDebt += badDebt
        let state = pools[index]
        let count = state.baseline.current
        guard count >= Double(settings.minimumLiquidations) else { return nil }
        let score = state.baseline.score(count, floor: 1)
        guard score > warning else { return nil }
        let severity: Signal.Severity = state.badDebt > 0 ? .critical : .warning
        guard severity > (state.raised ?? .info) else { return nil }
        pools[index].raised = severity
        let evidence =
            "\(Int(count)) liquidations in this \(settings.bucketMilliseconds) ms bucket score \(Evidence.amount(score)) "
            + "against a baseline of \(Evidence.amount(state.baseline.mean)) (warning above "
            + "\(Evidence.threshold(settings.warningScore))); bad debt in the bucket \(Evidence.amount(state.badDebt))"
        return Signal(
            kind: .liquidationCascade,
            scope: .pool(pool),
            severity: severity,
            evidence: evidence,
            accounts: [account]
        )
    }
}
