import BreakwaterCore

/// What each account took out of each pool beyond what it put in (``ConcentratedProfitSettings``). Memory grows with
/// the accounts, like the ledger's, not with the stream.
struct ConcentratedProfitDetector: Sendable {
    let settings: ConcentratedProfitSettings
    private let poolShare: Double
    private let depositMultiple: Double
    private let minimum: Double
    private var flows: [[AccountID: Flow]]

    private struct Flow: Sendable {
        var deposited = 0.0
        var withdrawn = 0.0
        var raised: Signal.Severity?
    }

    init(settings: ConcentratedProfitSettings, poolCount: Int) {
        self.settings = settings
        poolShare = settings.poolShare.approximateDouble
        depositMultiple = settings.depositMultiple.approximateDouble
        minimum = settings.minimumProfit.approximateDouble
        flows = Array(repeating: [:], count: poolCount)
    }

    mutating func observeInflow(_ value: Double, account: AccountID, pool: PoolID) {
        guard settings.isEnabled else { return }
        flows[Int(pool.index)][account, default: Flow()].deposited += value
    }

    /// Records an outflow from a pool now worth `poolValue`; returns a signal when the account's extraction crosses
    /// a level for the first time.
    mutating func observeOutflow(_ value: Double, account: AccountID, pool: PoolID, poolValue: Double) -> Signal? {
        guard settings.isEnabled else { return nil }
        let index = Int(pool.index)
        var flow = flows[index][account, default: Flow()]
        flow.withdrawn += value
        defer { flows[index][account] = flow }
        let extracted = flow.withdrawn - flow.deposited
        guard extracted > minimum else { return nil }
        let ofPool = extracted > poolShare * poolValue
        let ofDeposits = extracted > depositMultiple * flow.deposited
        let severity: Signal.Severity? = ofPool && ofDeposits ? .critical : ofPool || ofDeposits ? .warning : nil
        guard let severity, severity > (flow.raised ?? .info) else { return nil }
        flow.raised = severity
        let evidence =
            "the account took out \(Evidence.amount(extracted)) more than it put in (\(Evidence.amount(flow.deposited)) in, "
            + "\(Evidence.amount(flow.withdrawn)) out): \(Evidence.percent(extracted / Swift.max(poolValue, 1e-9))) of the "
            + "pool's \(Evidence.amount(poolValue)) (limit \(Evidence.threshold(settings.poolShare))) and "
            + "\(flow.deposited > 0 ? Evidence.amount(extracted / flow.deposited) + "×" : "unbounded") its deposits "
            + "(limit \(Evidence.threshold(settings.depositMultiple))×)"
        return Signal(
            kind: .concentratedProfit, scope: Scope(pool: pool, account: account), severity: severity,
            evidence: evidence, accounts: [account]
        )
    }
}
