public import BreakwaterCore
public import BreakwaterEngine

/// What a live service reads of a replay as it runs: the incidents and actions as the report lists them, and one
/// decision's signals and actions.
extension Replay {
    /// Every incident so far, as the report lists it.
    public var incidentEntries: [ReplayReport.IncidentEntry] { engine.incidents.map(entry) }

    /// The latest `limit` actions, newest first, each with the transactions `executor` made of it.
    public func latestActions(_ limit: Int, executor: (any ActionExecutor)?) -> [ReplayReport.ActionEntry] {
        let latest = Array(actions.suffix(limit).reversed())
        guard let executor else { return latest }
        // The incidents' actions on the lines listed, by line: each entry is looked for among its line's alone.
        let lines = Set(latest.map(\.line))
        var filed: [Int: [(action: RecordedAction, incident: String)]] = [:]
        for incident in engine.incidents {
            for recorded in incident.actions where lines.contains(line(of: recorded.sequence)) {
                filed[line(of: recorded.sequence), default: []].append((recorded, incident.id))
            }
        }
        return latest.map { entry in
            var entry = entry
            let incident = filed[entry.line]?.last { filed in
                self.entry(filed.action.action, at: filed.action.timestamp, sequence: filed.action.sequence) == entry
            }?.incident
            let made = executor.transactions(of: entry, incident: incident)
            entry.transactions = made.isEmpty ? nil : made
            return entry
        }
    }

    /// How many lines were read, accepted, refused and unreadable so far, and how many signals and actions there were.
    public var counts: (lines: Int, accepted: Int, rejected: Int, errors: Int, signals: Int, actions: Int) {
        (linesRead, accepted, rejectedCount, errors.count, signalCount, actions.count)
    }

    /// What has left `pool` so far (withdrawals and transfers out, accepted) and what was blocked, by asset name,
    /// for the assets that moved.
    public func outflows(of pool: PoolID) -> [String: ReplayReport.PoolFlow] {
        var byAsset: [String: ReplayReport.PoolFlow] = [:]
        for (asset, totals) in zip(engine.config.assetIDs, flows.outflows(of: pool)) where !totals.isZero {
            byAsset[engine.config.asset(asset).name] = ReplayReport.PoolFlow(
                total: totals.total.description,
                blocked: totals.blocked.description
            )
        }
        return byAsset
    }

    /// `incident` as a sink receives it after the steps `steps` of a decision.
    public func update(_ incident: Incident, steps: [IncidentStep.Kind]) -> IncidentUpdate {
        IncidentUpdate(incident: incident, steps: steps, entry: entry(incident))
    }

    /// Every incident as it stands, for a sink that catches up.
    public var currentIncidents: [IncidentUpdate] {
        engine.incidents.map { IncidentUpdate(current: $0, entry: entry($0)) }
    }

    /// The signals and actions of `decision`, just made for `event`, as the report lists them.
    public func entries(
        of decision: Decision,
        for event: Event
    ) -> (signals: [ReplayReport.SignalEntry], actions: [ReplayReport.ActionEntry]) {
        (
            decision.signals.map {
                entry($0, at: event.timestamp, sequence: decision.sequence)
            },
            decision.actions.map {
                entry($0, at: event.timestamp, sequence: decision.sequence)
            }
        )
    }
}
