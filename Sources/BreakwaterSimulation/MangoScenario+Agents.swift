import BreakwaterCore

extension MangoScenario {
    /// The account name of noise trader `index` (1…24): `trader-01`.
    static func noiseTrader(_ index: Int) -> String { "trader-\(index < 10 ? "0" : "")\(index)" }

    /// The trading styles beyond noise.
    enum Style: String, CaseIterable {
        /// Buys what rose over the last half hour, sells what fell.
        case momentum
        /// Sells what stands above its moving average, buys what stands below.
        case reversion
    }

    /// The market's other agents, drawn from a generator of their own so the noise traders, feeds and attacks stay
    /// as they are: rule-following traders, a liquidation keeper that reacts late, and option writers and buyers.
    func addAgents(_ run: Run, schedule: inout EventSchedule) {
        var generator = SeededGenerator(seed: seed ^ 0x6167_656e_7473)
        addStyledTraders(run, generator: &generator, schedule: &schedule)
        addKeeper(run, generator: &generator, schedule: &schedule)
        addOptionDesks(run, generator: &generator, schedule: &schedule)
    }

    /// Four momentum and four mean-reversion traders per pool. Each looks at its market every five minutes or so
    /// and trades when its signal passes a threshold, for a log-normal notional (median 10,000, a few 100,000s),
    /// and cuts its position by half once it passes 250,000.
    private func addStyledTraders(_ run: Run, generator: inout SeededGenerator, schedule: inout EventSchedule) {
        let (config, ids, paths, steps) = (run.config, run.ids, run.paths, run.steps)
        let lookback = Int(30 * 60_000 / stepMilliseconds)
        let setup = start.advanced(by: 4_000)
        for pool in [ids.main, ids.alts] {
            // Markets on an asset the scenario draws no path for are left alone.
            let markets = config.markets(in: pool).compactMap { market in
                paths[config.asset(config.market(market).underlying).name].map { (id: market, path: $0) }
            }
            guard !markets.isEmpty else { continue }
            for style in Style.allCases {
                for number in 1...4 {
                    let account = schedule.account("\(style.rawValue)-\(config.pool(pool).name)-\(number)")
                    schedule.add(
                        .deposit(AssetMovement(pool: pool, account: account, asset: ids.usdc, amount: Wad(300_000))),
                        at: setup
                    )
                    var position = Array(repeating: 0.0, count: markets.count)
                    var step = lookback + Int(generator.uniform() * 30)
                    while step <= steps {
                        let slot = Int(generator.uniform() * Double(markets.count))
                        let path = markets[slot].path
                        let signal = Self.signal(style, path: path, at: step, lookback: lookback)
                        let price = path[step]
                        var size = 0.0
                        if abs(position[slot] * price) > 250_000 {
                            size = -position[slot] / 2
                        } else if abs(signal) > 0.004 {
                            let notional = Swift.min(400_000, 10_000 * DeterministicMath.exp(generator.normal()))
                            size = (signal > 0 ? 1 : -1) * notional / price
                        }
                        let rounded = Wad(approximating: size)
                        if !rounded.isZero {
                            position[slot] += size
                            let time = start.advanced(
                                by: Int64(step) * stepMilliseconds + 500 + Int64(generator.uniform() * 9_000)
                            )
                            schedule.add(
                                .trade(Trade(market: markets[slot].id, account: account, size: rounded)),
                                at: time
                            )
                        }
                        step += 24 + Int(generator.uniform() * 12)
                    }
                }
            }
        }
    }

    /// The signal a style trades on: the log return over the lookback for momentum, the negated log distance from
    /// the lookback's average for mean reversion. Positive means buy.
    static func signal(_ style: Style, path: [Double], at step: Int, lookback: Int) -> Double {
        guard step >= lookback, step < path.count else { return 0 }
        switch style {
        case .momentum:
            return DeterministicMath.log(path[step] / path[step - lookback])
        case .reversion:
            let average = path[(step - lookback)...step].reduce(0, +) / Double(lookback + 1)
            return -DeterministicMath.log(path[step] / average)
        }
    }

    /// A keeper that, when a market's price has moved 3 % or more within ten minutes, tries to liquidate every
    /// trader of its pool, but only after a delay of 30 seconds to 2 minutes, as bots do when gas and blocks get in
    /// the way. The attempts on healthy accounts are refused.
    private func addKeeper(_ run: Run, generator: inout SeededGenerator, schedule: inout EventSchedule) {
        let (config, ids, paths, steps) = (run.config, run.ids, run.paths, run.steps)
        let keeper = schedule.account("keeper")
        let window = Int(10 * 60_000 / stepMilliseconds)
        // The noise traders of each pool (the first 16 trade in `main`, the rest in `alts`) and the styled ones.
        var accountsByPool: [PoolID: [AccountID]] = [:]
        for (pool, noise) in [(ids.main, Array(1...16)), (ids.alts, Array(17...24))] {
            let styled = Style.allCases.flatMap { style in
                (1...4).map { "\(style.rawValue)-\(config.pool(pool).name)-\($0)" }
            }
            accountsByPool[pool] = (noise.map(Self.noiseTrader) + styled).map { schedule.account($0) }
        }
        var lastSweep = Array(repeating: -window, count: config.pools.count)
        for step in stride(from: window, through: steps, by: 6) {
            for market in config.marketIDs {
                let pool = config.market(market).pool
                guard step - lastSweep[Int(pool.index)] >= window,
                    let path = paths[config.asset(config.market(market).underlying).name],
                    abs(DeterministicMath.log(path[step] / path[step - window])) >= 0.03
                else { continue }
                lastSweep[Int(pool.index)] = step
                let delay = 30_000 + Int64(generator.uniform() * 90_000)
                let time = start.advanced(by: Int64(step) * stepMilliseconds + delay)
                for (index, trader) in (accountsByPool[pool] ?? []).enumerated() {
                    schedule.add(
                        .liquidate(Liquidation(account: trader, pool: pool, liquidator: keeper)),
                        at: time.advanced(by: Int64(index) * 20)
                    )
                }
            }
        }
    }

    /// Two writers per option market sell hourly series, calls and puts in turn, struck at the money; traders of the
    /// pool buy from them; each series expires and is settled when the next one opens.
    private func addOptionDesks(_ run: Run, generator: inout SeededGenerator, schedule: inout EventSchedule) {
        let (config, paths, steps) = (run.config, run.paths, run.steps)
        let seriesSteps = Int(3_600_000 / stepMilliseconds)
        for market in config.optionMarketIDs {
            let option = config.optionMarket(market)
            guard let path = paths[config.asset(option.underlying).name] else { continue }
            let writers = (0..<2).map { schedule.account("writer-\(option.name)-\($0)") }
            let buyers = (1...16).map { schedule.account(Self.noiseTrader($0)) }
            var desk = OptionDesk(market: market, config: config, writers: writers)
            for payload in desk.openingDeposits(price: path[0]) { schedule.add(payload, at: start.advanced(by: 4_500)) }
            for step in stride(from: 0, through: steps, by: 6) {
                let time = start.advanced(by: Int64(step) * stepMilliseconds + 2_500)
                if step % seriesSteps == 0 {
                    let expiry = start.advanced(by: Int64(step + seriesSteps) * stepMilliseconds)
                    let type: OptionType = (step / seriesSteps) % 2 == 0 ? .call : .put
                    for payload in desk.roll(next: expiry, price: path[step], type: type) {
                        schedule.add(payload, at: time)
                    }
                }
                if generator.uniform() < 0.5, let write = desk.write(price: path[step], &generator) {
                    schedule.add(write, at: time.advanced(by: 1_000))
                }
                let buyer = buyers[Int(generator.uniform() * Double(buyers.count))]
                if generator.uniform() < 0.7, let buy = desk.buy(by: buyer, price: path[step], &generator) {
                    schedule.add(buy, at: time.advanced(by: 2_000))
                }
            }
        }
    }
}
