import BreakwaterCore

/// Groups signals and actions into incidents: one open incident per pool (or for the whole protocol) while
/// activity continues within ``window`` milliseconds.
///
/// A signal about an asset's price belongs to the pool that uses the asset, or to the whole protocol when several
/// pools do. An `info` signal never opens an incident: it joins the open one of its pool, if any.
struct IncidentTracker: Sendable {
    /// Quiet time after which the next signal opens a new incident.
    let window: Int64 = 3_600_000
    private(set) var incidents: [Incident] = []
    private var openByPool: [PoolID?: Int] = [:]
    private var priority: [Int] = []
    /// The one pool that uses each asset, or `nil` when none or several do.
    private let poolOfAsset: [PoolID?]

    init(config: ProtocolConfig) {
        poolOfAsset = config.assetIDs.map { asset in
            let pools = config.poolIDs.filter { pool in
                config.pool(pool).collateral.contains { $0.asset == asset }
                    || config.markets(in: pool).contains { config.market($0).underlying == asset }
            }
            return pools.count == 1 ? pools[0] : nil
        }
    }

    /// Files a signal into the open incident of its pool, opening one if needed.
    mutating func record(_ signal: Signal, at time: Timestamp, sequence: Int) {
        let (vector, strength) = Incident.Vector.of(signal.kind)
        let recorded = RecordedSignal(signal: signal, timestamp: time, sequence: sequence)
        let pool = pool(of: signal.scope)
        if let index = openIncident(for: pool, at: time) {
            incidents[index].signals.append(recorded)
            incidents[index].lastActivity = time
            if strength > priority[index] {
                incidents[index].vector = vector
                priority[index] = strength
            }
            return
        }
        guard signal.severity > .info else { return }
        var incident = Incident(
            id: "INC-" + String(repeating: "0", count: max(0, 4 - String(incidents.count + 1).count))
                + String(incidents.count + 1),
            vector: vector,
            scope: pool.map(Scope.pool) ?? .wholeProtocol,
            detectedAt: time,
            detectedSequence: sequence,
            lastActivity: time
        )
        incident.signals.append(recorded)
        openByPool[pool] = incidents.count
        incidents.append(incident)
        priority.append(strength)
    }

    /// Adds an action to the open incident of its pool; a containing action marks the incident contained.
    mutating func record(_ action: Action, at time: Timestamp, sequence: Int) {
        guard let index = openIncident(for: pool(of: action.scope), at: time) else { return }
        incidents[index].actions.append(RecordedAction(action: action, timestamp: time, sequence: sequence))
        incidents[index].lastActivity = time
        let contains: Set<Action.Kind> = [.limitState, .halt, .rateLimit, .pause, .reduceOnly]
        if incidents[index].containedAt == nil && contains.contains(action.kind) {
            incidents[index].containedAt = time
            incidents[index].containedSequence = sequence
        }
    }

    private func pool(of scope: Scope) -> PoolID? {
        scope.pool ?? scope.asset.flatMap { poolOfAsset[Int($0.index)] }
    }

    private func openIncident(for pool: PoolID?, at time: Timestamp) -> Int? {
        guard let index = openByPool[pool], time.milliseconds(since: incidents[index].lastActivity) <= window else {
            return nil
        }
        return index
    }
}
