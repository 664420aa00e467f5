import BreakwaterCore

/// What each account took out of each pool beyond what it put in (``ConcentratedProfitSettings``). Account ids are
/// dense, so the flows are rows indexed by them: memory grows with the accounts, like the ledger's, not with the
/// stream.
struct ConcentratedProfitDetector: Sendable, Codable {
    private(set) var settings: ConcentratedProfitSettings
    private var poolShare: Double
    private var depositMultiple: Double
    private var minimum: Double
    private var flows: [[Flow]]

    private struct Flow: Sendable, Codable {
        var deposited = 0.0
        var withdrawn = 0.0
        var raised: Signal.Severity?
    }

    init(settings: ConcentratedProfitSettings, poolCount: Int) {
        self.settings = settings
        poolShare = settings.poolShare.approximateDouble
        depositMultiple = settings.depositMultiple.approximateDouble
        minimum = settings.minimumProfit.approximateDouble
        flows = Array(repeating: [], count: poolCount)
    }

    /// Takes the thresholds of `settings`; windows and buckets, and the state gathered under them, are kept.
    mutating func retune(_ settings: ConcentratedProfitSettings) {
        self.settings.poolShare = settings.poolShare
        self.settings.depositMultiple = settings.depositMultiple
        self.settings.minimumProfit = settings.minimumProfit
        poolShare = settings.poolShare.approximateDouble
        depositMultiple = settings.depositMultiple.approximateDouble
        minimum = settings.minimumProfit.approximateDouble
    }

    mutating func observeInflow(_ value: Double, account: AccountID, pool: PoolID) {
        guard settings.isEnabled else { return }
        let row = self.row(of: account, in: pool)
        flows[Int(pool.index)][row].deposited += value
    }

    /// The account's row, added on its first flow.
    private mutating func row(of account: AccountID, in pool: PoolID) -> Int {
        let row = Int(account.index)
        let index = Int(pool.index)
        if row >= flows[index].count {
            flows[index].append(contentsOf: repeatElement(Flow(), count: row + 1 - flows[index].count))
        }
        return row
    }

    /// Records an outflow from a pool now worth `poolValue`; returns a signal when the account's extraction crosses
    /// a level for the first time.
    mutating func observeOutflow(_ value: Double, account: AccountID, pool: PoolID, poolValue: Double) -> Signal? {
        guard settings.isEnabled else { return nil }
        let index = Int(pool.index)
        let row = self.row(of: account, in: pool)
        flows[index][row].withdrawn += value
        let extracted = flows[index][row].withdrawn - flows[index][row].deposited
        guard extracted > minimum else { return nil }
        let flow = flows[index][row]
        let ofPool = extracted > poolShare * poolValue
        let ofDeposits = extracted > depositMultiple * flow.deposited
        let severity: Signal.Severity? = ofPool && ofDeposits ? .critical : ofPool || ofDeposits ? .warning : nil
        guard let severity, severity > (flow.raised ?? .info) else { return nil }
        flows[index][row].raised = severity
        let evidence =
            "the account took out \(Evidence.amount(extracted)) more than it put in (\(Evidence.amount(flow.deposited)) in, "
            + "\(Evidence.amount(flow.withdrawn)) out): \(Evidence.percent(extracted / Swift.max(poolValue, 1e-9))) of the "
            + "pool's \(Evidence.amount(poolValue)) (limit \(Evidence.threshold(settings.poolShare))) and "
            + "\(flow.deposited > 0 ? Evidence.amount(extracted / flow.deposited) + "×" : "unbounded") its deposits "
            + "(limit \(Evidence.threshold(settings.depositMultiple))×)"
        return Signal(
            kind: .concentratedProfit,
            scope: Scope(pool: pool, account: account),
            severity: severity,
            evidence: evidence,
            accounts: [account]
        )
    }
}
