public import BreakwaterCore

/// One scenario-seed of an experiment, generated once and run under every policy: its events, when its attack
/// begins and which accounts are the attacker's.
public struct ScenarioStream: Sendable {
    /// `mango/seed 3`, `benign/seed 101`.
    public let name: String
    public let attack: MangoScenario.Attack
    public let seed: UInt64
    public let events: [Event]
    /// When the attack begins; `nil` on a benign run (stress included), where every pause is a false positive.
    public let attackStart: Timestamp?
    /// The pool the attack is on; `nil` on a benign run.
    public let attackedPool: PoolID?
    /// The attacker's accounts, whose net withdrawals are the loss.
    public let attackers: Set<AccountID>
    /// The market's own price of each asset at the end, by asset index: what the loss is valued at.
    public let closingPrices: [Double?]
    /// Market-days of the run before its attack (all of it when benign): the exposure false positives are counted on.
    public let marketDays: Double

    /// The scenario `attack` on `config` (which needs the reference protocol's names), `hours` long.
    public init(attack: MangoScenario.Attack, seed: UInt64, hours: Int, config: ProtocolConfig) {
        var scenario = attack == .benign ? MangoScenario.benign(seed: seed, days: 1) : MangoScenario(seed: seed)
        scenario.durationMilliseconds = Int64(hours) * 3_600_000
        scenario.attack = attack
        var schedule = scenario.schedule(for: config)
        self.name = "\(attack.rawValue)/seed \(seed)"
        self.attack = attack
        self.seed = seed
        events = schedule.events()
        attackStart = attack.isBenign ? nil : scenario.start.advanced(by: scenario.attackOffset)
        attackers = Set(MangoScenario.attackers(of: attack).map { schedule.account($0) })
        attackedPool = attack.attackedPool.flatMap(config.poolID(named:))
        closingPrices = config.assets.map { $0.fixedPrice?.approximateDouble ?? schedule.closingPrices[$0.name] }
        let exposed = attackStart.map { $0.milliseconds(since: scenario.start) } ?? scenario.durationMilliseconds
        marketDays = Double(exposed) / 86_400_000 * Double(config.markets.count)
    }
}
