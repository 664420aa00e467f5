import BreakwaterCore

/// Net outflow of each pool's value over a rolling window against what the pool held before it
/// (``LiquidityDepletionSettings``), in 60 buckets so the window slides in O(1) amortized.
struct LiquidityDepletionDetector: Sendable, Codable {
    static let bucketsPerWindow = 60
    private(set) var settings: LiquidityDepletionSettings
    private let bucketMilliseconds: Int64
    private var warning: Double
    private var critical: Double
    private var minimum: Double
    private var pools: [Pool]

    private struct Pool: Sendable, Codable {
        var outflows = [Double](repeating: 0, count: LiquidityDepletionDetector.bucketsPerWindow)
        var inflows = [Double](repeating: 0, count: LiquidityDepletionDetector.bucketsPerWindow)
        var outflowSum = 0.0
        var inflowSum = 0.0
        var bucket: Int64?
        /// Inflows as a credit against outflows, decaying linearly to zero at ``creditEmptyAt``.
        var credit = 0.0
        var creditTime = Timestamp(milliseconds: .min)
        var creditEmptyAt = Timestamp(milliseconds: .min)
        var raised: Signal.Severity?
    }

    init(settings: LiquidityDepletionSettings, poolCount: Int) {
        self.settings = settings
        bucketMilliseconds = max(1, settings.windowMilliseconds / Int64(Self.bucketsPerWindow))
        warning = settings.warningShare.approximateDouble
        critical = settings.criticalShare.approximateDouble
        minimum = settings.minimumLiquidity.approximateDouble
        pools = Array(repeating: Pool(), count: poolCount)
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: LiquidityDepletionSettings) {
        self.settings.warningShare = settings.warningShare
        self.settings.criticalShare = settings.criticalShare
        self.settings.minimumLiquidity = settings.minimumLiquidity
        warning = settings.warningShare.approximateDouble
        critical = settings.criticalShare.approximateDouble
        minimum = settings.minimumLiquidity.approximateDouble
    }

    /// Records value coming into a pool.
    mutating func observeInflow(_ value: Double, pool: PoolID, at now: Timestamp) {
        guard settings.isEnabled else { return }
        let index = Int(pool.index)
        slide(index, to: now)
        pools[index].inflows[slot(now)] += value
        pools[index].inflowSum += value
        decayCredit(index, to: now)
        pools[index].credit += value
        pools[index].creditEmptyAt = now.advanced(by: settings.inflowDecayMilliseconds)
    }

    /// Records value leaving a pool whose value is now `poolValue`; returns a signal when the share crosses a level.
    mutating func observeOutflow(
        _ value: Double,
        pool: PoolID,
        poolValue: Double,
        account: AccountID,
        at now: Timestamp
    ) -> Signal? {
        guard settings.isEnabled else { return nil }
        let index = Int(pool.index)
        slide(index, to: now)
        pools[index].outflows[slot(now)] += value
        pools[index].outflowSum += value
        decayCredit(index, to: now)
        let state = pools[index]
        let base = poolValue + state.outflowSum - state.inflowSum
        guard base >= minimum, base > 0 else { return nil }
        let net = Swift.max(0, state.outflowSum - state.credit)
        let share = net / base
        if share <= warning / 2 { pools[index].raised = nil }
        let severity: Signal.Severity? = share > critical ? .critical : share > warning ? .warning : nil
        guard let severity, severity > (state.raised ?? .info) else { return nil }
        pools[index].raised = severity
        let evidence =
            "net outflow \(Evidence.amount(net)) in the last \(settings.windowMilliseconds) ms is "
            + "\(Evidence.percent(share)) of the \(Evidence.amount(base)) the pool held before it (outflows "
            + "\(Evidence.amount(state.outflowSum)), inflow credit \(Evidence.amount(state.credit)); warning above "
            + "\(Evidence.threshold(settings.warningShare)), critical above \(Evidence.threshold(settings.criticalShare)))"
        return Signal(
            kind: .liquidityDepletion,
            scope: .pool(pool),
            severity: severity,
            evidence: evidence,
            accounts: [account]
        )
    }

    private func slot(_ now: Timestamp) -> Int {
        let index = now.milliseconds / bucketMilliseconds
        let slot = Int(index % Int64(Self.bucketsPerWindow))
        return slot < 0 ? slot + Self.bucketsPerWindow : slot
    }

    /// Empties the buckets that left the window since the pool was last seen.
    private mutating func slide(_ index: Int, to now: Timestamp) {
        let bucket = now.milliseconds / bucketMilliseconds
        defer { pools[index].bucket = bucket }
        guard let last = pools[index].bucket, bucket > last else { return }
        let expired = Swift.min(bucket - last, Int64(Self.bucketsPerWindow))
        for step in 1...expired {
            let old = Int((last + step) % Int64(Self.bucketsPerWindow))
            let slot = old < 0 ? old + Self.bucketsPerWindow : old
            pools[index].outflowSum -= pools[index].outflows[slot]
            pools[index].inflowSum -= pools[index].inflows[slot]
            pools[index].outflows[slot] = 0
            pools[index].inflows[slot] = 0
        }
        if expired == Int64(Self.bucketsPerWindow) {
            // Nothing is left in the window: clear rounding residue.
            pools[index].outflowSum = 0
            pools[index].inflowSum = 0
        }
    }

    private mutating func decayCredit(_ index: Int, to now: Timestamp) {
        let elapsed = Swift.max(0, now.milliseconds(since: pools[index].creditTime))
        pools[index].creditTime = now
        guard pools[index].credit > 0, elapsed > 0 else { return }
        let remaining = Swift.max(0, pools[index].creditEmptyAt.milliseconds(since: now))
        pools[index].credit *= Double(remaining) / Double(remaining + elapsed)
    }
}
