import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterReportKit

/// What a second pass over a journal gathers for one incident: the events of its accounts, refusals, governance
/// steps, prices and the pool's liquidity, over a window around it.
struct IncidentEvidence {
    typealias Point = [Double]

    let incident: ReplayReport.IncidentEntry
    let pool: PoolID?
    let accounts: Set<String>
    /// The earliest event of the incident's accounts after this is the first anomalous one.
    let lookbackStart: Int64
    /// Gathering runs over `lookbackStart - margin ... end`.
    let start: Int64
    let end: Int64
    /// The assets whose feeds are charted: the underlyings of the incident's market or pool.
    let chartedAssets: Set<AssetID>

    private(set) var firstAnomalous: (ts: Int64, line: Int)?
    private(set) var timeline: [PostmortemReport.TimelineEntry] = []
    private(set) var transactions: [PostmortemReport.Transaction] = []
    /// Per account of the incident: events, refusals, the first time seen, the value of refused outflows.
    private(set) var activity: [String: (events: Int, rejections: Int, firstSeen: Int64, blocked: Wad)] = [:]
    /// Operations of accounts outside the incident refused in its pool, in order.
    private(set) var refusals: [(ts: Int64, account: String, code: String)] = []
    private(set) var feedPrices: [FeedID: [Point]] = [:]
    private(set) var guardedPrices: [AssetID: [Point]] = [:]
    /// Per collateral slot of the pool: LP liquidity after each event that moved it, and accepted outflows.
    private(set) var liquidity: [Int: [Point]] = [:]
    private(set) var outflows: [Int: [Point]] = [:]
    /// Accepted movements of the incident's accounts over the whole run, summed per source, destination and asset.
    private(set) var flows: [FlowKey: Wad] = [:]
    /// The pool's insurance fund per collateral slot when the window opens.
    private(set) var insuranceAtStart: [Wad]?

    struct FlowKey: Hashable {
        var from: String
        var to: String
        var asset: String
    }

    /// The margin plotted and gathered around the incident.
    static let margin: Int64 = 5 * 60_000

    init(incident: ReplayReport.IncidentEntry, config: ProtocolConfig, lookback: Int64) {
        self.incident = incident
        pool = incident.scope.pool.flatMap(config.poolID(named:))
        accounts = Set(incident.accounts)
        lookbackStart = incident.detectedAt - lookback
        start = lookbackStart - Self.margin
        let lastAction = incident.actions.map(\.ts).max() ?? incident.detectedAt
        end = max(incident.detectedAt, incident.containedAt ?? 0, lastAction) + Self.margin
        if let market = incident.scope.market.flatMap(config.marketID(named:)) {
            chartedAssets = [config.market(market).underlying]
        } else if let pool {
            chartedAssets = Set(config.markets.filter { $0.pool == pool }.map(\.underlying))
        } else {
            chartedAssets = Set(config.feeds.map(\.asset))
        }
    }

    /// Takes in one event of the run and its decision, with the engine's state right after it.
    mutating func observe(_ event: Event, _ decision: Decision, line: Int, in replay: Replay) {
        let ts = event.timestamp.milliseconds
        let config = replay.engine.config
        let names = replay.decoder.accounts
        if decision.isAccepted, let account = event.payload.account.map(names.name(of:)), accounts.contains(account) {
            noteFlow(event.payload, account: account, config: config)
        }
        guard ts >= start && ts <= end else { return }
        if insuranceAtStart == nil, let pool {
            insuranceAtStart = replay.engine.ledger.pool(pool).collateral.map(\.insurance)
        }
        if case .oracle(let update) = event.payload, chartedAssets.contains(update.asset) {
            feedPrices[update.feed, default: []].append([Double(ts), update.price.approximateDouble])
            if let guarded = replay.engine.prices.price(of: update.asset) {
                guardedPrices[update.asset, default: []].append([Double(ts), guarded.approximateDouble])
            }
        }
        let eventPool = EventSummary.pool(of: event, config: config)
        if let pool, eventPool == pool { sampleLiquidity(event, decision, ts: ts, pool: pool, replay: replay) }
        let account = event.payload.account.map(names.name(of:))
        let summary = EventSummary.describe(event, config: config, accounts: names)
        if let account, accounts.contains(account) {
            noteActorEvent(event, decision, account: account, line: line, summary: summary, replay: replay)
        } else if let rejection = decision.rejection, let account, pool == nil || eventPool == pool {
            refusals.append((ts, account, rejection.code.rawValue))
            append(event, line, "rejection", "\(summary): refused, \(rejection.code.rawValue)")
        }
        if case .governance = event.payload {
            append(event, line, "governance", summary + (decision.rejection.map { ": refused, \($0.message)" } ?? ""))
        }
    }

    private mutating func noteActorEvent(
        _ event: Event,
        _ decision: Decision,
        account: String,
        line: Int,
        summary: String,
        replay: Replay
    ) {
        let ts = event.timestamp.milliseconds
        if ts >= lookbackStart && ts <= incident.detectedAt && firstAnomalous == nil { firstAnomalous = (ts, line) }
        var entry = activity[account] ?? (0, 0, ts, .zero)
        entry.events += 1
        let outcome = decision.rejection?.code.rawValue ?? "accepted"
        if decision.rejection != nil {
            entry.rejections += 1
            if case .withdraw(let m) = event.payload, let price = replay.engine.prices.price(of: m.asset),
                let value = try? m.amount.multiplied(by: price, rounding: .down)
            {
                entry.blocked = (try? entry.blocked.adding(value)) ?? entry.blocked
            }
        }
        activity[account] = entry
        transactions.append(
            .init(
                line: line,
                ts: ts,
                kind: event.kind.rawValue,
                account: account,
                detail: summary,
                outcome: outcome,
                transaction: event.provenance?.transaction
            )
        )
        append(
            event,
            line,
            decision.rejection == nil ? "event" : "rejection",
            summary + (decision.rejection == nil ? "" : ": refused, \(outcome)")
        )
    }

    private mutating func noteFlow(_ payload: Event.Payload, account: String, config: ProtocolConfig) {
        let (from, to, asset, amount): (String, String, AssetID, Wad)
        switch payload {
        case .deposit(let m), .lpAdd(let m):
            (from, to, asset, amount) = (account, "pool " + config.pool(m.pool).name, m.asset, m.amount)
        case .withdraw(let m), .lpRemove(let m):
            (from, to, asset, amount) = ("pool " + config.pool(m.pool).name, account, m.asset, m.amount)
        case .transfer(let t):
            (from, to, asset, amount) = (
                "pool " + config.pool(t.fromPool).name, "pool " + config.pool(t.toPool).name, t.asset, t.amount
            )
        default: return
        }
        let key = FlowKey(from: from, to: to, asset: config.asset(asset).name)
        flows[key] = (try? flows[key, default: .zero].adding(amount)) ?? Wad(raw: .max)
    }

    private mutating func sampleLiquidity(_ event: Event, _ decision: Decision, ts: Int64, pool: PoolID, replay: Replay)
    {
        let state = replay.engine.ledger.pool(pool)
        for slot in state.collateral.indices {
            liquidity[slot, default: []].append([Double(ts), state.collateral[slot].lpLiquidity.approximateDouble])
        }
        guard decision.isAccepted else { return }
        switch event.payload {
        case .withdraw(let m), .lpRemove(let m):
            if let slot = state.slot(of: m.asset) {
                outflows[slot, default: []].append([Double(ts), m.amount.approximateDouble])
            }
        case .transfer(let t):
            if let slot = state.slot(of: t.asset) {
                outflows[slot, default: []].append([Double(ts), t.amount.approximateDouble])
            }
        default:
            break
        }
    }

    private mutating func append(_ event: Event, _ line: Int, _ kind: String, _ summary: String) {
        let ts = event.timestamp.milliseconds
        timeline.append(
            .init(
                ts: ts,
                utc: TimeText.utc(ts),
                line: line,
                kind: kind,
                summary: summary,
                block: event.provenance?.block,
                tx: event.provenance?.transaction
            )
        )
    }
}
