public import BreakwaterCore

/// A seeded market for the default protocol with a Mango-Markets-style oracle manipulation injected.
///
/// The real case (October 2022): two linked accounts opened opposite MNGO perpetual positions, the attacker
/// pumped MNGO on the spot venues the oracles read (from $0.038 to $0.91 in minutes), and the long account
/// borrowed everything it could against its unrealized profit, which the protocol counted as collateral.
/// Here: a three-hour market (ETH, BTC and MNGO, three feeds each, 10-second cadence, noise traders, LPs,
/// hourly funding), and at ``attackOffset`` the attack in pool `alts`, scaled to the pool.
public struct MangoScenario: Sendable {
    public var seed: UInt64
    /// Event time of the first event: 11 October 2022, 18:00 UTC.
    public var start = Timestamp(milliseconds: 1_665_511_200_000)
    public var durationMilliseconds: Int64 = 3 * 3_600_000
    public var stepMilliseconds: Int64 = 10_000
    /// When the attacker funds the linked accounts, from ``start``.
    public var attackOffset: Int64 = 90 * 60_000
    /// How far the attacker pumps the MNGO price (10×), and over how long.
    public var pumpFactor = 10.0
    public var pumpMilliseconds: Int64 = 10 * 60_000
    /// The attacker's position in each linked account, in MNGO.
    public var positionSize = 40_000_000.0
    /// The attacker's collateral in each linked account, in USDC.
    public var collateral = 1_000_000.0
    /// What the long account tries to withdraw at the peak, in tranches.
    public var withdrawalTranche = 3_000_000.0
    public var withdrawalCount = 4
    /// What is injected into the market at ``attackOffset``: the Mango pump by default.
    public var attack = Attack.mango
    /// `false` leaves the attacker out: the same market, benign.
    public var includesAttack: Bool {
        get { attack != .benign }
        set { attack = newValue ? .mango : .benign }
    }

    /// The attacks of the library this market carries (`docs/simulation.md` tells the real case of each).
    public enum Attack: String, Sendable, CaseIterable {
        /// Nothing: the same market, benign.
        case benign
        /// Mango Markets, 2022: a thin market pumped on the venues the oracles read, then borrowed against.
        case mango
        /// Compound's DAI liquidations, 2020: one feed prints 30 % off for three minutes while the others hold,
        /// and a liquidation bot pounces on every account it can.
        case feedSpike = "feed_spike"
        /// Synthetix sKRW, 2019: one feed reports a price 1000 times too high, once.
        case badPrint = "bad_print"
        /// bZx, 2020: within one block, a flash-borrowed 5M USDC is deposited, traded with and withdrawn.
        case flashLoan = "flash_loan"
    }
    /// Annualized volatility of each asset's path (Merton jumps on top, two a day).
    public var volatilities = ["ETH": 0.7, "BTC": 0.5, "MNGO": 1.2]
    /// Historical bars that replace an asset's generated path, by asset name: the market then follows them from
    /// ``start``, which must fall within them.
    public var historicalPrices: [String: BarPath] = [:]

    /// The benign market the default policy must leave alone: no attacker, every asset at 80 % annualized
    /// volatility with jumps, for `days`.
    public static func benign(seed: UInt64, days: Int) -> MangoScenario {
        var scenario = MangoScenario(seed: seed)
        scenario.includesAttack = false
        scenario.durationMilliseconds = Int64(days) * 86_400_000
        scenario.volatilities = ["ETH": 0.8, "BTC": 0.8, "MNGO": 0.8]
        return scenario
    }

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The accounts the attacker controls.
    public static let attackerNames = ["mallory-long", "mallory-short"]

    /// The event stream and the accounts it names, for the default protocol.
    public func schedule(for config: ProtocolConfig) -> EventSchedule {
        var generator = SeededGenerator(seed: seed)
        var schedule = EventSchedule()
        let steps = Int(durationMilliseconds / stepMilliseconds)
        var paths: [String: [Double]] = [
            "ETH": JumpDiffusion(start: 1_300, volatility: volatilities["ETH"] ?? 0.8)
                .path(steps: steps, stepMilliseconds: stepMilliseconds, using: &generator),
            "BTC": JumpDiffusion(start: 19_000, volatility: volatilities["BTC"] ?? 0.8)
                .path(steps: steps, stepMilliseconds: stepMilliseconds, using: &generator),
            "MNGO": JumpDiffusion(start: 0.038, volatility: volatilities["MNGO"] ?? 0.8)
                .path(steps: steps, stepMilliseconds: stepMilliseconds, using: &generator),
        ]
        // Imported paths draw from a generator of their own, so the generated paths stay the same.
        var bridging = SeededGenerator(seed: seed ^ 0x6272_6964_6765)
        for (asset, bars) in historicalPrices.sorted(by: { $0.key < $1.key }) {
            paths[asset] = bars.path(from: start.milliseconds, steps: steps, stepMilliseconds: stepMilliseconds, using: &bridging)
        }
        let ids = Ids(config)
        addOracleUpdates(paths, config: config, steps: steps, generator: &generator, schedule: &schedule)
        addLiquidityAndTraders(config: config, ids: ids, paths: paths, steps: steps, generator: &generator, schedule: &schedule)
        switch attack {
        case .mango: addAttack(ids: ids, schedule: &schedule)
        case .feedSpike: addLiquidationRaid(ids: ids, schedule: &schedule)
        case .flashLoan: addFlashLoan(ids: ids, schedule: &schedule)
        case .benign, .badPrint: break
        }
        return schedule
    }

    /// The names the scenario needs in the config, with what is missing as config issues.
    public static func missingNames(in config: ProtocolConfig) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for name in ["USDC", "ETH", "BTC", "MNGO"] where config.assetID(named: name) == nil {
            issues.append(ConfigIssue(key: "assets", message: "the demo scenario needs an asset named \(name)"))
        }
        for name in ["main", "alts"] where config.poolID(named: name) == nil {
            issues.append(ConfigIssue(key: "pools", message: "the demo scenario needs a pool named \(name)"))
        }
        if config.marketID(named: "MNGO-PERP") == nil {
            issues.append(ConfigIssue(key: "pools", message: "the demo scenario needs a market named MNGO-PERP"))
        }
        return issues
    }

    /// Names resolved once; ``missingNames(in:)`` checks they exist.
    struct Ids {
        let usdc, eth: AssetID
        let main, alts: PoolID
        let mngoPerp: MarketID
        let markets: [MarketID]

        init(_ config: ProtocolConfig) {
            usdc = config.assetID(named: "USDC")!
            eth = config.assetID(named: "ETH")!
            main = config.poolID(named: "main")!
            alts = config.poolID(named: "alts")!
            mngoPerp = config.marketID(named: "MNGO-PERP")!
            markets = config.marketIDs
        }
    }

    /// The MNGO price multiplier the attacker's spot buying causes: up over the pump, held, then dumped.
    func manipulation(at offset: Int64) -> Double {
        let pumpStart = attackOffset + 2 * 60_000
        let holdEnd = pumpStart + pumpMilliseconds + 4 * 60_000
        let dumpEnd = holdEnd + 5 * 60_000
        let exponent: Double
        switch offset {
        case ..<pumpStart: exponent = 0
        case ..<(pumpStart + pumpMilliseconds): exponent = Double(offset - pumpStart) / Double(pumpMilliseconds)
        case ..<holdEnd: exponent = 1
        case ..<dumpEnd: exponent = 1 - Double(offset - holdEnd) / Double(dumpEnd - holdEnd)
        default: exponent = 0
        }
        return DeterministicMath.exp(exponent * DeterministicMath.log(pumpFactor))
    }

    /// The factor by which a feed misprices at `offset`: the feed-spike and bad-print attacks, on one feed only.
    func misprint(feed: String, at offset: Int64) -> Double {
        switch attack {
        case .feedSpike where feed == "pyth-eth" && offset >= attackOffset && offset < attackOffset + 3 * 60_000: 0.7
        case .badPrint where feed == "chainlink-btc" && offset == attackOffset: 1_000
        default: 1
        }
    }

    private func addOracleUpdates(
        _ paths: [String: [Double]],
        config: ProtocolConfig,
        steps: Int,
        generator: inout SeededGenerator,
        schedule: inout EventSchedule
    ) {
        for step in 0...steps {
            let offset = Int64(step) * stepMilliseconds
            for (index, feed) in config.feeds.enumerated() {
                let asset = config.asset(feed.asset).name
                guard let path = paths[asset] else { continue }
                let feedOffset = Int64(index % 3) * 700
                let pumped = attack == .mango && asset == "MNGO" ? manipulation(at: offset) : 1
                let price = path[step] * pumped * (1 + 0.0003 * generator.normal()) * misprint(feed: feed.name, at: offset)
                let time = start.advanced(by: offset + feedOffset)
                let latency = Int64(generator.uniform() * 1_500)
                schedule.add(
                    .oracle(
                        OracleUpdate(
                            feed: FeedID(index),
                            asset: feed.asset,
                            price: Wad(approximating: price),
                            confidence: Wad(approximating: price * 0.001),
                            publishTime: time.advanced(by: -latency)
                        )
                    ),
                    at: time
                )
            }
            if offset % 60_000 == 0 { schedule.add(.tick, at: start.advanced(by: offset + 5_000)) }
        }
    }

    private func addLiquidityAndTraders(
        config: ProtocolConfig,
        ids: Ids,
        paths: [String: [Double]],
        steps: Int,
        generator: inout SeededGenerator,
        schedule: inout EventSchedule
    ) {
        let setup = start.advanced(by: 3_000)
        let lpMain = schedule.account("lp-main")
        let lpAlts = schedule.account("lp-alts")
        schedule.add(.lpAdd(AssetMovement(pool: ids.main, account: lpMain, asset: ids.usdc, amount: Wad(20_000_000))), at: setup)
        schedule.add(.lpAdd(AssetMovement(pool: ids.main, account: lpMain, asset: ids.eth, amount: Wad(5_000))), at: setup)
        schedule.add(.lpAdd(AssetMovement(pool: ids.alts, account: lpAlts, asset: ids.usdc, amount: Wad(10_000_000))), at: setup)

        var traders: [(id: AccountID, pool: PoolID, markets: [MarketID])] = []
        for index in 1...24 {
            let pool = index <= 16 ? ids.main : ids.alts
            let id = schedule.account("trader-\(index < 10 ? "0" : "")\(index)")
            let deposit = Wad(approximating: 50_000 + 150_000 * generator.uniform())
            schedule.add(.deposit(AssetMovement(pool: pool, account: id, asset: ids.usdc, amount: deposit)), at: setup.advanced(by: Int64(index) * 100))
            traders.append((id, pool, ids.markets.filter { config.market($0).pool == pool }))
        }
        var positions: [AccountID: [MarketID: Double]] = [:]
        for step in 1...steps {
            let offset = Int64(step) * stepMilliseconds
            for _ in 0..<generator.poisson(mean: 0.6) {
                let trader = traders[Int(generator.uniform() * Double(traders.count))]
                let market = trader.markets[Int(generator.uniform() * Double(trader.markets.count))]
                let underlying = config.asset(config.market(market).underlying).name
                let price = paths[underlying]![step]
                let held = positions[trader.id]?[market] ?? 0
                let size: Double
                if held != 0 && generator.uniform() < 0.35 {
                    size = -held / 2
                } else {
                    let notional = 2_000 + 40_000 * generator.uniform()
                    size = (generator.uniform() < 0.5 ? -1 : 1) * notional / price
                }
                let rounded = Wad(approximating: size)
                guard !rounded.isZero else { continue }
                positions[trader.id, default: [:]][market] = held + size
                let time = start.advanced(by: offset + 300 + Int64(generator.uniform() * 9_000))
                schedule.add(.trade(Trade(market: market, account: trader.id, size: rounded)), at: time)
            }
            if offset % 3_600_000 == 0 {
                for market in ids.markets { schedule.add(.funding(market: market), at: start.advanced(by: offset + 1_000)) }
            }
        }
        for market in ids.markets { schedule.add(.funding(market: market), at: setup) }
    }

    /// During the feed spike, a liquidation bot tries every trader of pool `main`, twice.
    private func addLiquidationRaid(ids: Ids, schedule: inout EventSchedule) {
        let bot = schedule.account("liquidator-bot")
        for round in 0 ..< 2 {
            for index in 1 ... 16 {
                let trader = schedule.account("trader-\(index < 10 ? "0" : "")\(index)")
                let time = start.advanced(by: attackOffset + Int64(round) * 60_000 + 15_000 + Int64(index) * 50)
                schedule.add(.liquidate(Liquidation(account: trader, pool: ids.main, liquidator: bot)), at: time)
            }
        }
    }

    /// One block: a flash-borrowed 5M USDC deposited in pool `main`, an ETH-PERP position opened and closed on it,
    /// and the 5M withdrawn.
    private func addFlashLoan(ids: Ids, schedule: inout EventSchedule) {
        let borrower = schedule.account("flash-borrower")
        let time = start.advanced(by: attackOffset)
        let block = Event.Provenance(block: 16_000_000, transaction: "0xb2x", logIndex: nil)
        let amount = Wad(5_000_000)
        let ethPerp = ids.markets.first { $0 != ids.mngoPerp } ?? ids.mngoPerp
        schedule.add(.deposit(AssetMovement(pool: ids.main, account: borrower, asset: ids.usdc, amount: amount)), at: time, provenance: block)
        schedule.add(.trade(Trade(market: ethPerp, account: borrower, size: Wad(1_000))), at: time, provenance: block)
        schedule.add(.trade(Trade(market: ethPerp, account: borrower, size: Wad(-1_000))), at: time, provenance: block)
        schedule.add(.withdraw(AssetMovement(pool: ids.main, account: borrower, asset: ids.usdc, amount: Wad(4_900_000))), at: time, provenance: block)
    }

    private func addAttack(ids: Ids, schedule: inout EventSchedule) {
        let long = schedule.account(Self.attackerNames[0])
        let short = schedule.account(Self.attackerNames[1])
        let liquidator = schedule.account("liquidator-bot")
        let funded = start.advanced(by: attackOffset)
        let collateral = Wad(approximating: collateral)
        schedule.add(.deposit(AssetMovement(pool: ids.alts, account: long, asset: ids.usdc, amount: collateral)), at: funded)
        schedule.add(.deposit(AssetMovement(pool: ids.alts, account: short, asset: ids.usdc, amount: collateral)), at: funded.advanced(by: 400))
        let size = Wad(approximating: positionSize)
        let opened = funded.advanced(by: 30_000)
        schedule.add(.trade(Trade(market: ids.mngoPerp, account: long, size: size)), at: opened)
        schedule.add(.trade(Trade(market: ids.mngoPerp, account: short, size: Wad(raw: -size.raw))), at: opened.advanced(by: 200))

        let peak = funded.advanced(by: 2 * 60_000 + pumpMilliseconds + 60_000)
        for tranche in 0..<withdrawalCount {
            schedule.add(
                .withdraw(
                    AssetMovement(pool: ids.alts, account: long, asset: ids.usdc, amount: Wad(approximating: withdrawalTranche))
                ),
                at: peak.advanced(by: Int64(tranche) * 20_000 + 2_500)
            )
        }
        let liquidations = [(short, peak.advanced(by: 90_000)), (long, peak.advanced(by: 16 * 60_000)), (short, peak.advanced(by: 16 * 60_000 + 500))]
        for (account, time) in liquidations {
            schedule.add(.liquidate(Liquidation(account: account, pool: ids.alts, liquidator: liquidator)), at: time)
        }
    }
}
