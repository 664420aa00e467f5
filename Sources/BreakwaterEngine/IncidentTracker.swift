import BreakwaterCore

/// Groups signals and actions into incidents, so one attack is one incident and not an alert storm.
///
/// - Scope: one open incident per pool (or for the whole protocol) while activity continues within ``window``. A
///   signal about an asset's price belongs to the pool that uses it, or to the protocol when several do.
/// - Actor: a signal naming an account already in an open incident joins that incident, whatever its pool.
/// - Cooldown: a signal with the kind, scope and severity of one the incident got less than ``cooldown`` ago
///   is counted as a repeat, not listed again.
/// - An `info` signal never opens an incident: it joins the open one of its pool, if any.
/// - Feed: a feed's `feed_fault` opens an incident of that feed alone (whatever the time since), which its
///   `feed_restored` resolves; while an attack incident is open on the feed's pool, the feed's signals join it.
struct IncidentTracker: Sendable, Codable {
    /// Quiet time after which the next signal opens a new incident.
    static let window: Int64 = 3_600_000
    static let cooldown: Int64 = 300_000
    private(set) var incidents: [Incident] = []
    private var openByPool: [PoolID?: Int] = [:]
    /// The feed-fault incident of each feed not restored yet.
    private var openByFeed: [FeedID: Int] = [:]
    private var priority: [Int] = []
    /// The one pool that uses each asset, or `nil` when none or several do.
    private let poolOfAsset: [PoolID?]

    init(config: ProtocolConfig) {
        poolOfAsset = config.assetIDs.map { asset in
            let pools = config.pools(using: asset)
            return pools.count == 1 ? pools[0] : nil
        }
    }

    /// Files a signal into the open incident of its pool or of one of its accounts, opening one if needed.
    ///
    /// - Returns: the step it took, if it opened or reclassified an incident.
    @discardableResult
    mutating func record(
        _ signal: Signal,
        reading: MoveReading? = nil,
        at time: Timestamp,
        sequence: Int
    ) -> IncidentStep? {
        let (vector, strength) = Incident.Vector.of(signal, reading: reading)
        let pool = pool(of: signal.scope)
        if let feed = signal.scope.feed {
            let filing = record(signal, of: feed, pool: pool, at: time, sequence: sequence)
            if filing.isFiled { return filing.step }
        }
        if let index = openIncident(for: pool, at: time) ?? openIncident(naming: Self.actors(of: signal), at: time) {
            file(signal, into: index, at: time, sequence: sequence)
            if incidents[index].reading == nil { incidents[index].reading = reading }
            guard strength > priority[index] else { return nil }
            priority[index] = strength
            if let reading { incidents[index].reading = reading }
            guard vector != incidents[index].vector else { return nil }
            incidents[index].vector = vector
            return IncidentStep(.reclassified, incidents[index])
        }
        guard signal.severity > .info else { return nil }
        var incident = newIncident(
            vector: vector,
            scope: pool.map(Scope.pool) ?? .wholeProtocol,
            at: time,
            sequence: sequence
        )
        incident.reading = reading
        openByPool[pool] = incidents.count
        incidents.append(incident)
        priority.append(strength)
        file(signal, into: incidents.count - 1, at: time, sequence: sequence)
        return IncidentStep(.opened, incident)
    }

    /// Files a feed's signal into the feed's open fault, or into an attack incident open on its pool, or opens the
    /// feed's fault incident.
    ///
    /// - Returns: whether it filed the signal (a restored feed with no fault open is left to the general rules),
    ///   and the step it took.
    private mutating func record(
        _ signal: Signal,
        of feed: FeedID,
        pool: PoolID?,
        at time: Timestamp,
        sequence: Int
    ) -> (isFiled: Bool, step: IncidentStep?) {
        if let index = openByFeed[feed] {
            file(signal, into: index, at: time, sequence: sequence)
            guard signal.kind == .feedRestored else { return (true, nil) }
            openByFeed[feed] = nil
            incidents[index].resolvedAt = time
            return (true, IncidentStep(.resolved, incidents[index]))
        }
        if let index = openIncident(for: pool, at: time), incidents[index].vector.isAttack {
            file(signal, into: index, at: time, sequence: sequence)
            return (true, nil)
        }
        guard signal.kind == .feedFault else { return (false, nil) }
        let incident = newIncident(vector: .feedFault, scope: signal.scope, at: time, sequence: sequence)
        openByFeed[feed] = incidents.count
        incidents.append(incident)
        priority.append(0)
        file(signal, into: incidents.count - 1, at: time, sequence: sequence)
        return (true, IncidentStep(.opened, incident))
    }

    private func newIncident(vector: Incident.Vector, scope: Scope, at time: Timestamp, sequence: Int) -> Incident {
        let number = String(incidents.count + 1)
        return Incident(
            id: "INC-" + String(repeating: "0", count: max(0, 4 - number.count)) + number,
            vector: vector,
            scope: scope,
            detectedAt: time,
            detectedSequence: sequence,
            lastActivity: time
        )
    }

    private mutating func file(_ signal: Signal, into index: Int, at time: Timestamp, sequence: Int) {
        incidents[index].lastActivity = time
        for account in Self.actors(of: signal) where !incidents[index].accounts.contains(account) {
            incidents[index].accounts.append(account)
        }
        // Signals are listed in time order: only the latest ones can be within the cooldown, so a long incident
        // is not searched whole on every signal.
        let isRepeat = incidents[index].signals.reversed()
            .prefix { time.milliseconds(since: $0.timestamp) < Self.cooldown }
            .contains { earlier in
                earlier.signal.kind == signal.kind && earlier.signal.scope == signal.scope
                    && earlier.signal.severity == signal.severity
            }
        if isRepeat {
            incidents[index].repeatedSignals += 1
        } else {
            incidents[index].signals.append(RecordedSignal(signal: signal, timestamp: time, sequence: sequence))
        }
    }

    /// Adds an action to the open incident of its pool; a containing action marks the incident contained. People
    /// lifting a pause resolve, and a governed upgrade remediates, every contained incident of its scope that is not
    /// resolved yet, however long after (for the whole protocol: of every pool).
    ///
    /// - Returns: the steps it took.
    @discardableResult
    mutating func record(_ action: Action, at time: Timestamp, sequence: Int) -> [IncidentStep] {
        let governed = action.kind == .unpause && action.actor != .auto || action.kind == .upgrade
        if governed {
            let scope = pool(of: action.scope)
            let indices = incidents.indices.filter { index in
                incidents[index].isContained && incidents[index].resolvedAt == nil
                    && (scope == nil || pool(of: incidents[index].scope) == scope)
                    && (action.kind == .unpause || incidents[index].remediatedAt == nil)
            }
            return indices.map { index in
                incidents[index].actions.append(RecordedAction(action: action, timestamp: time, sequence: sequence))
                if action.kind == .unpause {
                    incidents[index].resolvedAt = time
                    return IncidentStep(.resolved, incidents[index])
                }
                incidents[index].remediatedAt = time
                return IncidentStep(.remediated, incidents[index])
            }
        }
        let accounts = action.scope.account.map { [$0] } ?? []
        let scope = pool(of: action.scope)
        // An account's action goes to the incident naming the account before the protocol's; a protocol-wide action
        // with no protocol incident open goes to the incident last active, whose signal it answers.
        let named = scope == nil ? openIncident(naming: accounts, at: time) : nil
        guard
            let index = named ?? openIncident(for: scope, at: time) ?? openIncident(naming: accounts, at: time)
                ?? (scope == nil ? lastActiveIncident(at: time) : nil)
        else { return [] }
        incidents[index].actions.append(RecordedAction(action: action, timestamp: time, sequence: sequence))
        incidents[index].lastActivity = time
        let contains: Set<Action.Kind> = [.limitState, .halt, .rateLimit, .pause, .reduceOnly, .freeze]
        guard incidents[index].containedAt == nil && contains.contains(action.kind) else { return [] }
        incidents[index].containedAt = time
        incidents[index].containedSequence = sequence
        return [IncidentStep(.contained, incidents[index])]
    }

    /// Files an operator's or the service's note on incident `id`: an acknowledgement marks it acknowledged the first
    /// time.
    ///
    /// - Returns: the step it took, or `nil` when there is no incident `id`.
    mutating func record(_ note: Note, on id: String, at time: Timestamp, sequence: Int) -> IncidentStep? {
        guard let index = incidents.firstIndex(where: { $0.id == id }) else { return nil }
        incidents[index].notes.append(
            RecordedNote(
                timestamp: time,
                sequence: sequence,
                action: note.action.rawValue,
                author: note.author,
                text: note.text
            )
        )
        if note.action == .txReverted || note.action == .txFailed {
            return IncidentStep(.actionFailed, incidents[index])
        }
        guard note.action == .acknowledge, incidents[index].acknowledgedAt == nil else {
            return IncidentStep(.noted, incidents[index])
        }
        incidents[index].acknowledgedAt = time
        incidents[index].acknowledgedBy = note.author
        return IncidentStep(.acknowledged, incidents[index])
    }

    /// Resolves every source-outage incident not resolved yet: the source gives events again.
    ///
    /// - Returns: the steps it took.
    mutating func resolveSourceOutages(at time: Timestamp) -> [IncidentStep] {
        incidents.indices.filter { incidents[$0].vector == .sourceOutage && incidents[$0].resolvedAt == nil }.map {
            index in
            incidents[index].resolvedAt = time
            incidents[index].lastActivity = time
            return IncidentStep(.resolved, incidents[index])
        }
    }

    /// The tracker with no incident yet: what an engine kept for a reorg holds instead of the incidents, which a
    /// rewind keeps as they are.
    func withoutIncidents() -> IncidentTracker {
        var empty = self
        empty.incidents = []
        empty.openByPool = [:]
        empty.openByFeed = [:]
        empty.priority = []
        return empty
    }

    /// The open incident with the latest activity, a feed's fault aside (no action answers one).
    private func lastActiveIncident(at time: Timestamp) -> Int? {
        incidents.indices.filter { isOpen($0, at: time) && incidents[$0].vector != .feedFault }.max {
            incidents[$0].lastActivity < incidents[$1].lastActivity
        }
    }

    /// The accounts a signal names, and the one it is scoped to.
    private static func actors(of signal: Signal) -> [AccountID] {
        guard let account = signal.scope.account, !signal.accounts.contains(account) else { return signal.accounts }
        return signal.accounts + [account]
    }

    private func pool(of scope: Scope) -> PoolID? {
        scope.pool ?? scope.asset.flatMap { poolOfAsset[Int($0.index)] }
    }

    private func isOpen(_ index: Int, at time: Timestamp) -> Bool {
        time.milliseconds(since: incidents[index].lastActivity) <= Self.window
    }

    private func openIncident(for pool: PoolID?, at time: Timestamp) -> Int? {
        guard let index = openByPool[pool], isOpen(index, at: time) else { return nil }
        return index
    }

    private func openIncident(naming accounts: [AccountID], at time: Timestamp) -> Int? {
        guard !accounts.isEmpty else { return nil }
        return openByPool.values.sorted().first { index in
            isOpen(index, at: time) && incidents[index].accounts.contains { accounts.contains($0) }
        }
    }
}
