import BreakwaterCore

/// Scores each market's traded notional per bucket against its baseline (``VolumeAnomalySettings``).
struct VolumeAnomalyDetector: Sendable, Codable {
    private(set) var settings: VolumeAnomalySettings
    private var warning: Double
    private var critical: Double
    private var minimum: Double
    private var markets: [Market]

    private struct Market: Sendable, Codable {
        var baseline: BucketBaseline
        /// The highest severity raised in the open bucket.
        var raised: Signal.Severity?
        /// The notional at which the open bucket starts to score above the warning level: the baseline does not
        /// change within a bucket, so most trades are settled by one comparison.
        var warningLevel = -Double.infinity
    }

    init(settings: VolumeAnomalySettings, marketCount: Int) {
        self.settings = settings
        warning = settings.warningScore.approximateDouble
        critical = settings.criticalScore.approximateDouble
        minimum = settings.minimumNotional.approximateDouble
        let baseline = BucketBaseline(
            bucketMilliseconds: settings.bucketMilliseconds,
            halfLifeMilliseconds: settings.baselineHalfLifeMilliseconds
        )
        markets = Array(repeating: Market(baseline: baseline), count: marketCount)
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: VolumeAnomalySettings) {
        self.settings.warningScore = settings.warningScore
        self.settings.criticalScore = settings.criticalScore
        self.settings.minimumNotional = settings.minimumNotional
        warning = settings.warningScore.approximateDouble
        critical = settings.criticalScore.approximateDouble
        minimum = settings.minimumNotional.approximateDouble
    }

    /// Adds a trade's notional; returns a signal when the market's bucket crosses a level for the first time.
    mutating func observe(
        notional: Double,
        market: MarketID,
        pool: PoolID,
        account: AccountID,
        at now: Timestamp
    ) -> Signal? {
        guard settings.isEnabled else { return nil }
        let index = Int(market.index)
        // Until the baseline is warm a bucket enters it whole: there is nothing yet to clip against.
        let clip = markets[index].baseline.seen >= settings.warmupBuckets ? warning : .infinity
        if markets[index].baseline.roll(to: now, clip: clip, floor: minimum) {
            markets[index].raised = nil
            let baseline = markets[index].baseline
            markets[index].warningLevel =
                baseline.seen >= settings.warmupBuckets
                ? Swift.max(minimum, baseline.mean + warning * baseline.spread(floor: minimum)) : .infinity
        }
        markets[index].baseline.add(notional)
        guard markets[index].baseline.current >= markets[index].warningLevel else { return nil }
        let baseline = markets[index].baseline
        guard baseline.seen >= settings.warmupBuckets, baseline.current >= minimum else { return nil }
        let score = baseline.score(baseline.current, floor: minimum)
        let severity: Signal.Severity? = score > critical ? .critical : score > warning ? .warning : nil
        guard let severity, severity > (markets[index].raised ?? .info) else { return nil }
        markets[index].raised = severity
        let evidence =
            "traded notional \(Evidence.amount(baseline.current)) in this \(settings.bucketMilliseconds) ms bucket scores "
            + "\(Evidence.amount(score)) against a baseline of \(Evidence.amount(baseline.mean)) ± \(Evidence.amount(baseline.spread(floor: minimum))) "
            + "(warning above \(Evidence.threshold(settings.warningScore)), critical above \(Evidence.threshold(settings.criticalScore)))"
        return Signal(
            kind: .volumeAnomaly,
            scope: .market(market, in: pool),
            severity: severity,
            evidence: evidence,
            accounts: [account]
        )
    }
}
