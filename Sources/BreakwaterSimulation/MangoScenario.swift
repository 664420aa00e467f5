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

    /// Annualized volatility of each asset's path (Merton jumps on top, two a day).
    public var volatilities = ["ETH": 0.7, "BTC": 0.5, "MNGO": 1.2]
    /// Whether the market has its rule-following traders, late liquidation keeper and option desks besides the
    /// noise traders.
    public var includesAgents = true
    /// How often each asset's volatility switches between calm and turbulent (2.5 times calmer), per day.
    public var regimeSwitchesPerDay = 1.0
    /// Outages and bad prints of the feeds; ``FeedFaults/none`` for perfect feeds.
    public var feedFaults = FeedFaults()
    /// Historical bars that replace an asset's generated path, by asset name: the market then follows them from
    /// ``start``, which must fall within them.
    public var historicalPrices: [String: BarPath] = [:]

    /// The benign market the default policy must leave alone: no attacker, every asset at 80 % annualized in the calm
    /// regime (200 % when turbulent),
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
        // Regimes and feed faults draw from generators of their own, so the rest of the market is the same with or
        // without them.
        var regimes = SeededGenerator(seed: seed ^ 0x7265_6769_6d65)
        func path(_ asset: String, start: Double) -> [Double] {
            var diffusion = JumpDiffusion(start: start)
            diffusion.volatility = volatilities[asset] ?? diffusion.volatility
            diffusion.regimeSwitchesPerDay = regimeSwitchesPerDay
            return diffusion.path(
                steps: steps,
                stepMilliseconds: stepMilliseconds,
                using: &generator,
                regimes: &regimes
            )
        }
        var paths = [
            "ETH": path("ETH", start: 1_300), "BTC": path("BTC", start: 19_000), "MNGO": path("MNGO", start: 0.038),
        ]
        // Imported paths draw from a generator of their own, so the generated paths stay the same.
        var bridging = SeededGenerator(seed: seed ^ 0x6272_6964_6765)
        for (asset, bars) in historicalPrices.sorted(by: { $0.key < $1.key }) {
            paths[asset] = bars.path(
                from: start.milliseconds,
                steps: steps,
                stepMilliseconds: stepMilliseconds,
                using: &bridging
            )
        }
        for (asset, path) in paths {
            paths[asset] = path.indices.map { path[$0] * marketShock(asset: asset, at: Int64($0) * stepMilliseconds) }
        }
        let ids = Ids(config)
        addOracleUpdates(paths, config: config, steps: steps, generator: &generator, schedule: &schedule)
        let run = Run(config: config, ids: ids, paths: paths, steps: steps)
        addLiquidityAndTraders(run, generator: &generator, schedule: &schedule)
        if includesAgents { addAgents(run, schedule: &schedule) }
        addAttackEvents(ids: ids, paths: paths, schedule: &schedule)
        schedule.closingPrices = paths.compactMapValues(\.last)
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

    /// What the generators of one run share: the protocol, its names, the price paths and how many steps they have.
    struct Run {
        let config: ProtocolConfig
        let ids: Ids
        let paths: [String: [Double]]
        let steps: Int
    }

    /// Names resolved once; ``missingNames(in:)`` checks they exist.
    struct Ids {
        let usdc, eth, mngo: AssetID
        let main, alts: PoolID
        let mngoPerp: MarketID
        let markets: [MarketID]
        let mngoFeeds: [FeedID]

        init(_ config: ProtocolConfig) {
            usdc = config.assetID(named: "USDC")!
            eth = config.assetID(named: "ETH")!
            let mngo = config.assetID(named: "MNGO")!
            self.mngo = mngo
            mngoFeeds = config.feeds.indices.filter { config.feeds[$0].asset == mngo }.map(FeedID.init)
            main = config.poolID(named: "main")!
            alts = config.poolID(named: "alts")!
            mngoPerp = config.marketID(named: "MNGO-PERP")!
            markets = config.marketIDs
        }
    }

    private func addOracleUpdates(
        _ paths: [String: [Double]],
        config: ProtocolConfig,
        steps: Int,
        generator: inout SeededGenerator,
        schedule: inout EventSchedule
    ) {
        var faultGenerator = SeededGenerator(seed: seed ^ 0x6661_756c_7473)
        let faults = config.feeds.map { _ in
            feedFaults.schedule(steps: steps, stepMilliseconds: stepMilliseconds, using: &faultGenerator)
        }
        for step in 0...steps {
            let offset = Int64(step) * stepMilliseconds
            for (index, feed) in config.feeds.enumerated() {
                let asset = config.asset(feed.asset).name
                guard let path = paths[asset] else { continue }
                let feedOffset = Int64(index % 3) * 700
                let honest = feedPrice(
                    path[step],
                    noise: 1 + 0.0003 * generator.normal(),
                    feed: feed,
                    asset: asset,
                    at: offset
                )
                let time = start.advanced(by: offset + feedOffset)
                let latency = Int64(generator.uniform() * 1_500)
                // An outage drops the update; the draws above are made all the same.
                guard let fault = faults[index].factors[step] else { continue }
                let price = honest * fault
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

    private func addLiquidityAndTraders(_ run: Run, generator: inout SeededGenerator, schedule: inout EventSchedule) {
        let (config, ids, paths, steps) = (run.config, run.ids, run.paths, run.steps)
        let setup = start.advanced(by: 3_000)
        let lpMain = schedule.account("lp-main")
        let lpAlts = schedule.account("lp-alts")
        schedule.add(
            .lpAdd(AssetMovement(pool: ids.main, account: lpMain, asset: ids.usdc, amount: Wad(20_000_000))),
            at: setup
        )
        schedule.add(
            .lpAdd(AssetMovement(pool: ids.main, account: lpMain, asset: ids.eth, amount: Wad(5_000))),
            at: setup
        )
        schedule.add(
            .lpAdd(AssetMovement(pool: ids.alts, account: lpAlts, asset: ids.usdc, amount: Wad(10_000_000))),
            at: setup
        )

        var traders: [(id: AccountID, pool: PoolID, markets: [MarketID])] = []
        for index in 1...24 {
            let pool = index <= 16 ? ids.main : ids.alts
            let id = schedule.account(Self.noiseTrader(index))
            let deposit = Wad(approximating: 50_000 + 150_000 * generator.uniform())
            schedule.add(
                .deposit(AssetMovement(pool: pool, account: id, asset: ids.usdc, amount: deposit)),
                at: setup.advanced(by: Int64(index) * 100)
            )
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
                for market in ids.markets {
                    schedule.add(.funding(market: market), at: start.advanced(by: offset + 1_000))
                }
            }
        }
        for market in ids.markets { schedule.add(.funding(market: market), at: setup) }
    }
}
