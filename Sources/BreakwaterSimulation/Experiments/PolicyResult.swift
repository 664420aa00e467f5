/// One policy's row of the trade-off report: its outcomes over every scenario-seed, summed up. Speed and loss are
/// counted over the harmful attacks, those that take something when nothing responds; false positives over the
/// benign runs and the time before each attack. Times are in seconds; a percentile is `nil` when the attacks it
/// falls on were never detected (or contained) within their run.
public struct PolicyResult: Codable, Sendable, Hashable {
    public var policy: String
    public var settings: [PolicyGrid.Setting]
    /// The share of the undefended loss this policy kept in the protocol, over the attacks that took something
    /// undefended; `nil` when none did.
    public var lossPrevented: Double?
    public var loss: Double
    /// Harmful attacks: runs with an attack whose undefended loss is above zero.
    public var attacks: Int
    public var detected: Int
    public var contained: Int
    public var detectP50: Double?
    public var detectP95: Double?
    public var containP50: Double?
    public var containP95: Double?
    /// Automated pool and protocol pauses on benign markets (and before attacks), per market-year of exposure.
    public var falsePauses: Int
    public var falsePausesPerMarketYear: Double
    /// Minutes markets were halted or paused on benign markets, per market-day.
    public var haltMinutesPerMarketDay: Double
    /// Ledger invariants found broken over all the runs: zero, or the row is not to be trusted.
    public var invariantViolations: Int
    /// The bad debt this policy's liquidations left on benign markets (and before attacks) beyond what the same
    /// streams left with every response off, in the quote asset: a blocked liquidation is a false positive too.
    public var badDebtRefused = 0.0
    /// Liquidations refused there while the account was under water at the guarded price.
    public var liquidationsRefused = 0
    /// On the Pareto frontier between containment speed (`contain_p95`) and halt minutes.
    public var pareto = false
    /// A frontier policy that is at least as fast and halts no more, and is better in one of them.
    public var dominatedBy: String?
    /// On the Pareto frontier of loss prevented against the false positives' costs: no other policy prevents as much
    /// or more with no more halt minutes, false pauses and refused bad debt, and does better in one of them.
    public var lossPareto = false

    enum CodingKeys: String, CodingKey {
        case policy, settings, loss, attacks, detected, contained, pareto
        case lossPrevented = "loss_prevented"
        case detectP50 = "detect_p50_s"
        case detectP95 = "detect_p95_s"
        case containP50 = "contain_p50_s"
        case containP95 = "contain_p95_s"
        case falsePauses = "false_pauses"
        case falsePausesPerMarketYear = "false_pauses_per_market_year"
        case haltMinutesPerMarketDay = "halt_minutes_per_market_day"
        case dominatedBy = "dominated_by"
        case invariantViolations = "invariant_violations"
        case badDebtRefused = "bad_debt_refused"
        case liquidationsRefused = "liquidations_refused"
        case lossPareto = "loss_pareto"
    }

    /// Sums `outcomes` (one per stream, in the order of `streams`) against the undefended losses and bad debt.
    init(
        _ variant: PolicyGrid.Variant,
        outcomes: [ScenarioOutcome],
        streams: [ScenarioStream],
        undefendedLoss: [Double],
        undefendedBadDebt: [Double] = []
    ) {
        policy = variant.label
        settings = variant.settings
        let attacked = streams.indices.filter { streams[$0].attackStart != nil && undefendedLoss[$0] > 0 }
        attacks = attacked.count
        loss = attacked.reduce(0) { $0 + outcomes[$1].loss }
        let undefended = attacked.reduce(0) { $0 + undefendedLoss[$1] }
        let kept = attacked.reduce(0) { $0 + Swift.max(0, undefendedLoss[$1] - outcomes[$1].loss) }
        lossPrevented = undefended > 0 ? kept / undefended : nil
        let detections = attacked.map { outcomes[$0].detectedAfter }
        let containments = attacked.map { outcomes[$0].containedAfter }
        detected = detections.count { $0 != nil }
        contained = containments.count { $0 != nil }
        detectP50 = Self.percentile(0.5, detections)
        detectP95 = Self.percentile(0.95, detections)
        containP50 = Self.percentile(0.5, containments)
        containP95 = Self.percentile(0.95, containments)
        falsePauses = outcomes.reduce(0) { $0 + $1.falsePauses }
        let marketDays = streams.reduce(0) { $0 + $1.marketDays }
        falsePausesPerMarketYear = marketDays > 0 ? Double(falsePauses) / marketDays * 365 : 0
        haltMinutesPerMarketDay = marketDays > 0 ? outcomes.reduce(0) { $0 + $1.haltMarketMinutes } / marketDays : 0
        invariantViolations = outcomes.reduce(0) { $0 + $1.invariantViolations }
        badDebtRefused = outcomes.indices.reduce(0) { total, index in
            total
                + Swift.max(
                    0,
                    outcomes[index].badDebt - (index < undefendedBadDebt.count ? undefendedBadDebt[index] : 0)
                )
        }
        liquidationsRefused = outcomes.reduce(0) { $0 + $1.liquidationsRefused }
    }

    /// The nearest-rank percentile of times in milliseconds, in seconds; a missing time ranks last.
    static func percentile(_ rank: Double, _ times: [Int64?]) -> Double? {
        guard !times.isEmpty else { return nil }
        let sorted = times.sorted { ($0 ?? .max) < ($1 ?? .max) }
        let index = Swift.max(0, Int((rank * Double(sorted.count)).rounded(.up)) - 1)
        return sorted[index].map { Double($0) / 1000 }
    }

    /// The speed this policy is judged by on the frontier: a missing time is slower than any.
    var speed: Double { containP95 ?? .infinity }
}

/// The Pareto frontiers: containment speed against false-positive halt minutes, and loss prevented against every
/// false positive's cost.
enum ParetoFrontier {
    /// Marks each result on both frontiers, and names the first speed-frontier policy that dominates it.
    static func mark(_ results: inout [PolicyResult]) {
        func beatsOnLoss(_ a: PolicyResult, _ b: PolicyResult) -> Bool {
            let costs = { (r: PolicyResult) in
                [r.haltMinutesPerMarketDay, r.falsePausesPerMarketYear, r.badDebtRefused]
            }
            let (kept, other) = (a.lossPrevented ?? 0, b.lossPrevented ?? 0)
            let noWorse = kept >= other && zip(costs(a), costs(b)).allSatisfy { $0 <= $1 }
            return noWorse && (kept > other || zip(costs(a), costs(b)).contains { $0 < $1 })
        }
        for index in results.indices {
            results[index].lossPareto = !results.contains { beatsOnLoss($0, results[index]) }
        }
        func dominates(_ a: PolicyResult, _ b: PolicyResult) -> Bool {
            a.speed <= b.speed && a.haltMinutesPerMarketDay <= b.haltMinutesPerMarketDay
                && (a.speed < b.speed || a.haltMinutesPerMarketDay < b.haltMinutesPerMarketDay)
        }
        let frontier = results.indices.filter { index in !results.contains { dominates($0, results[index]) } }
        for index in results.indices {
            results[index].pareto = frontier.contains(index)
            results[index].dominatedBy = frontier.first { dominates(results[$0], results[index]) }.map {
                results[$0].policy
            }
        }
    }
}
