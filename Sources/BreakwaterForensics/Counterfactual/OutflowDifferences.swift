import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline

/// The outflows two runs of the same events decided differently: blocked by one policy, let through by the other.
struct OutflowDifferences {
    private(set) var blocked: [CounterfactualReport.Outflow] = []
    private(set) var allowed: [CounterfactualReport.Outflow] = []

    /// Records `event` if it is an outflow; its two decisions differ in whether they accepted it.
    mutating func note(_ event: Event, recorded: Decision, counterfactual: Decision, line: Int, in replay: Replay) {
        let movement: (account: AccountID, pool: PoolID, asset: AssetID, amount: Wad)
        switch event.payload {
        case .withdraw(let m), .lpRemove(let m): movement = (m.account, m.pool, m.asset, m.amount)
        case .transfer(let t): movement = (t.account, t.fromPool, t.asset, t.amount)
        default: return
        }
        guard let rejection = recorded.rejection ?? counterfactual.rejection else { return }
        let config = replay.engine.config
        let outflow = CounterfactualReport.Outflow(
            line: line,
            ts: event.timestamp.milliseconds,
            kind: event.kind.rawValue,
            account: replay.decoder.accounts.name(of: movement.account),
            pool: config.pool(movement.pool).name,
            asset: config.asset(movement.asset).name,
            amount: movement.amount.description,
            code: rejection.code.rawValue,
            reason: rejection.message
        )
        if recorded.isAccepted { blocked.append(outflow) } else { allowed.append(outflow) }
    }
}
