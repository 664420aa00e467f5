import BreakwaterCore

extension MangoScenario {
    /// The scenarios of the library this market carries (`docs/simulation.md` tells the real case of each).
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
        /// bZx, 2020: within one block, a flash-borrowed 5M USDC opens a long on a thin market, pumps the venues its
        /// feeds read, closes the long at the pumped price and leaves with the profit.
        case flashLoan = "flash_loan"
        /// LUNA, May 2022: the market collapses 99 % in an hour while two feeds stay clamped at their aggregator's floor
        /// (Chainlink's `minAnswer`); an attacker deposits the collapsed token at the floor and borrows against it.
        case stuckFloor = "stuck_floor"
        /// A slow drain: the thin market is pushed up 50 % over an hour, slower than the price band's reference
        /// follows, and the paper profit withdrawn in tranches below the outflow limit and the profit detector.
        case slowDrain = "slow_drain"
        /// A hostile takeover of the DAO (Build Finance, 2022; Beanstalk's flash-loaned vote the same year): a
        /// majority of the voting power passes a proposal to lift an outflow limit; the timelock gives the guardians
        /// time to cancel it. Its signed events need the demo's governance keys (``DemoGovernance``).
        case maliciousProposal = "malicious_proposal"
        /// A logic bug: the DAO ships a withdrawal module that skips the health check (Euler, 2023: a function
        /// that forgot one), an attacker borrows the pool's vault against 100,000 of collateral, and the guardians
        /// hotfix the module. Signed with the demo's keys, like `malicious_proposal`.
        case logicBug = "logic_bug"
        /// 12 March 2020, benign stress: every asset falls 25 % in half an hour and 45 % within two hours, levered
        /// longs are liquidated by the hundred. Nothing here is an exploit.
        case crash
        /// A liquidation cascade, benign but dangerous: ETH falls 30 % in fifteen minutes under levered longs. The
        /// right response is not a pause.
        case cascade
        /// Compound's DAI on Coinbase, November 2020, as a broken feed and nothing else: one of ETH's three feeds
        /// prints 30 % high for an hour while the others hold. The median ignores it; no one trades on it. The
        /// feed's owner must hear of it (`feed_fault`), and nothing may halt.
        case daiFeedFault = "dai_feed_fault"
        /// 12 March 2020 on the real hourly ETH and BTC series (``historicalSeries``): both fall by half within a
        /// day under the crash's levered longs and liquidator. Benign stress: nothing here is an exploit.
        case blackThursday = "black_thursday"
        /// LUNA's collapse, May 2022, on the real 1-minute series as ETH (``historicalSeries``): −99.9 % in a day
        /// and a half, with the crash's levered longs and liquidator. Benign stress.
        case lunaCrash = "luna_crash"
    }

    /// The accounts that carry out the attack; none for the benign scenarios.
    public static func attackers(of attack: Attack) -> [String] {
        switch attack {
        case .benign, .badPrint, .crash, .cascade, .daiFeedFault, .blackThursday, .lunaCrash, .maliciousProposal: []
        case .mango: attackerNames
        case .feedSpike: ["liquidator-bot"]
        case .flashLoan: ["flash-borrower"]
        case .stuckFloor: ["floor-arb"]
        case .logicBug: ["bug-hunter"]
        case .slowDrain: ["drainer"]
        }
    }
}

extension MangoScenario.Attack {
    /// Whether the scenario holds no attacker, so any pause it draws is a false positive.
    public var isBenign: Bool { [.benign, .crash, .cascade, .daiFeedFault, .blackThursday, .lunaCrash].contains(self) }

    /// The shortest market, in hours, that holds every event of the scenario (the attack comes at 90 minutes).
    public var minimumHours: Int {
        switch self {
        case .stuckFloor, .slowDrain, .crash, .daiFeedFault, .blackThursday, .lunaCrash, .maliciousProposal: 3
        case .benign, .mango, .feedSpike, .badPrint, .flashLoan, .cascade, .logicBug: 2
        }
    }

    /// The pool the attack is on, by name; `nil` for the benign scenarios.
    public var attackedPool: String? {
        switch self {
        case .benign, .crash, .cascade, .daiFeedFault, .blackThursday, .lunaCrash: nil
        case .feedSpike, .badPrint: "main"
        case .mango, .flashLoan, .stuckFloor, .slowDrain, .maliciousProposal, .logicBug: "alts"
        }
    }

    /// The real series the scenario replays (asset → file in the workspace's `../shared/data/series/`), where its
    /// market starts in them, and for how long: empty for the scenarios on generated prices.
    public var historicalSeries: (files: [String: String], from: String, hours: Int)? {
        switch self {
        case .blackThursday:
            (
                [
                    "ETH": "eth_usdt_binance_1h_2020-03-09_to_2020-03-16_black_thursday.csv",
                    "BTC": "btc_usdt_binance_1h_2020-03-09_to_2020-03-16_black_thursday.csv",
                ], "2020-03-12T00:00:00Z", 30
            )
        case .lunaCrash:
            (["ETH": "luna_usdt_binance_1m_2022-05-07_to_2022-05-13.csv"], "2022-05-11T00:00:00Z", 36)
        case .daiFeedFault:
            (["ETH": "eth_usdt_binance_1h_2020-11-24_to_2020-11-28_compound_dai.csv"], "2020-11-26T06:00:00Z", 4)
        default: nil
        }
    }

    /// The scenarios `experiment tradeoff` runs by default and accepts: all but the benign market (its runs are the
    /// benign weeks), the governance scenarios (decided by signatures, not thresholds) and those that replay a real
    /// series (the experiment generates its markets).
    public static var experimentScenarios: [Self] {
        allCases.filter { $0 != .benign && !$0.needsGovernance && $0.historicalSeries == nil }
    }

    /// Whether the scenario's events are signed governance actions, which only a config with the demo's keys
    /// (``DemoGovernance/yaml``) accepts.
    public var needsGovernance: Bool { self == .maliciousProposal || self == .logicBug }
}

extension MangoScenario {
    /// Adds the attacker's (or, for benign stress, the market's) own events.
    func addAttackEvents(ids: Ids, paths: [String: [Double]], schedule: inout EventSchedule) {
        switch attack {
        case .mango: addMangoAttack(ids: ids, schedule: &schedule)
        case .feedSpike: addLiquidationRaid(ids: ids, pool: ids.main, traders: 1...16, rounds: 2, schedule: &schedule)
        case .flashLoan: addFlashLoan(ids: ids, paths: paths, schedule: &schedule)
        case .stuckFloor: addFloorArbitrage(ids: ids, schedule: &schedule)
        case .slowDrain: addSlowDrain(ids: ids, schedule: &schedule)
        case .crash, .cascade, .blackThursday, .lunaCrash:
            addLeveredLongs(ids: ids, paths: paths, schedule: &schedule)
            // On a real series the liquidator sweeps every minute from when the longs open to the end, as a keeper
            // would; a generated crash starts at the attack and is over in half an hour.
            let from = attack.historicalSeries == nil ? attackOffset : attackOffset - 3_540_000
            addLiquidationRaid(
                ids: ids,
                pool: ids.main,
                traders: 1...16,
                rounds: attack.historicalSeries == nil ? 30 : Int((durationMilliseconds - from) / 60_000),
                from: from,
                schedule: &schedule,
                levered: true
            )
        case .maliciousProposal:
            for (payload, time) in DemoGovernance.maliciousProposal(after: start.advanced(by: attackOffset)) {
                schedule.add(payload, at: time)
            }
        case .logicBug:
            for (payload, time) in DemoGovernance.buggyRelease(after: start.advanced(by: attackOffset)) {
                schedule.add(payload, at: time)
            }
            addBugExploit(ids: ids, schedule: &schedule)
        case .benign, .badPrint, .daiFeedFault: break
        }
    }

    /// A liquidation bot tries traders of `pool` once a minute from `from` (by default the attack) on, `rounds`
    /// times.
    private func addLiquidationRaid(
        ids: Ids,
        pool: PoolID,
        traders: ClosedRange<Int>,
        rounds: Int,
        from: Int64? = nil,
        schedule: inout EventSchedule,
        levered: Bool = false
    ) {
        let bot = schedule.account("liquidator-bot")
        let names = traders.map { Self.noiseTrader($0) } + (levered ? Self.leveredNames : [])
        for round in 0..<rounds {
            for (index, name) in names.enumerated() {
                let time = start.advanced(
                    by: (from ?? attackOffset) + Int64(round) * 60_000 + 15_000 + Int64(index + 1) * 50
                )
                schedule.add(
                    .liquidate(Liquidation(account: schedule.account(name), pool: pool, liquidator: bot)),
                    at: time
                )
            }
        }
    }

    static let leveredNames = (1...12).map { "levered-\($0 < 10 ? "0" : "")\($0)" }

    /// Twelve accounts in pool `main` each go 7× long ETH-PERP an hour before the stress.
    /// On a real series the size is the same notional (6.5×) at the price of the hour they open.
    private func addLeveredLongs(ids: Ids, paths: [String: [Double]], schedule: inout EventSchedule) {
        let ethPerp = ids.markets.first { $0 != ids.mngoPerp } ?? ids.mngoPerp
        let opening = Int((attackOffset - 3_600_000) / stepMilliseconds)
        let size =
            attack.historicalSeries == nil
            ? Wad(200) : Wad(approximating: 260_000 / (paths["ETH"]?[opening] ?? 1_300))
        for (index, name) in Self.leveredNames.enumerated() {
            let account = schedule.account(name)
            let time = start.advanced(by: attackOffset - 3_600_000 + Int64(index) * 1_000)
            schedule.add(
                .deposit(AssetMovement(pool: ids.main, account: account, asset: ids.usdc, amount: Wad(40_000))),
                at: time
            )
            schedule.add(.trade(Trade(market: ethPerp, account: account, size: size)), at: time.advanced(by: 500))
        }
    }

    /// One block: a flash-borrowed 5M USDC deposited in pool `alts`, a 100M MNGO-PERP long opened, every MNGO feed
    /// pumped 80 % by spot buying on the venues they read, the long closed at the pumped price, and everything
    /// withdrawn with the profit.
    private func addFlashLoan(ids: Ids, paths: [String: [Double]], schedule: inout EventSchedule) {
        let borrower = schedule.account("flash-borrower")
        let time = start.advanced(by: attackOffset)
        let block = Event.Provenance(block: 16_000_000, transaction: "0xb2x", logIndex: nil)
        let step = Int(attackOffset / stepMilliseconds)
        let pumped = (paths["MNGO"]?[step] ?? 0.038) * 1.8
        let size = Wad(100_000_000)
        schedule.add(
            .deposit(AssetMovement(pool: ids.alts, account: borrower, asset: ids.usdc, amount: Wad(5_000_000))),
            at: time,
            provenance: block
        )
        schedule.add(.trade(Trade(market: ids.mngoPerp, account: borrower, size: size)), at: time, provenance: block)
        for feed in ids.mngoFeeds {
            let price = Wad(approximating: pumped)
            let update = OracleUpdate(
                feed: feed,
                asset: ids.mngo,
                price: price,
                confidence: Wad(approximating: pumped * 0.001),
                publishTime: time
            )
            schedule.add(.oracle(update), at: time, provenance: block)
        }
        schedule.add(
            .trade(Trade(market: ids.mngoPerp, account: borrower, size: Wad(raw: -size.raw))),
            at: time,
            provenance: block
        )
        let withdrawal = Wad(approximating: 5_000_000 + 100_000_000 * (pumped - pumped / 1.8) * 0.95)
        schedule.add(
            .withdraw(AssetMovement(pool: ids.alts, account: borrower, asset: ids.usdc, amount: withdrawal)),
            at: time,
            provenance: block
        )
    }

    /// From 40 minutes into the collapse, every 3 minutes for half an hour: 200M MNGO bought for next to nothing
    /// off the protocol, deposited in `alts` and borrowed against for 380,000 USDC.
    private func addFloorArbitrage(ids: Ids, schedule: inout EventSchedule) {
        let arbitrageur = schedule.account("floor-arb")
        for round in 0..<10 {
            let time = start.advanced(by: attackOffset + 40 * 60_000 + Int64(round) * 180_000)
            schedule.add(
                .deposit(
                    AssetMovement(pool: ids.alts, account: arbitrageur, asset: ids.mngo, amount: Wad(200_000_000))
                ),
                at: time
            )
            schedule.add(
                .withdraw(AssetMovement(pool: ids.alts, account: arbitrageur, asset: ids.usdc, amount: Wad(380_000))),
                at: time.advanced(by: 2_000)
            )
        }
    }

    /// A 300,000 USDC account goes 5× long MNGO-PERP before the slow pump, and withdraws 90,000 every 7.5 minutes
    /// while the price climbs; after the dump its account is under water and the pool keeps the bad debt.
    private func addSlowDrain(ids: Ids, schedule: inout EventSchedule) {
        let drainer = schedule.account("drainer")
        let funded = start.advanced(by: attackOffset)
        schedule.add(
            .deposit(AssetMovement(pool: ids.alts, account: drainer, asset: ids.usdc, amount: Wad(300_000))),
            at: funded
        )
        schedule.add(
            .trade(Trade(market: ids.mngoPerp, account: drainer, size: Wad(38_000_000))),
            at: funded.advanced(by: 30_000)
        )
        for tranche in 0..<9 {
            let time = funded.advanced(by: 17 * 60_000 + Int64(tranche) * 450_000)
            schedule.add(
                .withdraw(AssetMovement(pool: ids.alts, account: drainer, asset: ids.usdc, amount: Wad(90_000))),
                at: time
            )
        }
        let liquidator = schedule.account("liquidator-bot")
        schedule.add(
            .liquidate(Liquidation(account: drainer, pool: ids.alts, liquidator: liquidator)),
            at: funded.advanced(by: 85 * 60_000)
        )
    }

    /// `bug-hunter` deposits 100,000 USDC in `alts` and withdraws 1.5M four times, ten seconds apart, then once a
    /// minute for ten minutes more: with the health check skipped, each is a borrow against nothing.
    private func addBugExploit(ids: Ids, schedule: inout EventSchedule) {
        let hunter = schedule.account("bug-hunter")
        let funded = start.advanced(by: attackOffset)
        schedule.add(
            .deposit(AssetMovement(pool: ids.alts, account: hunter, asset: ids.usdc, amount: Wad(100_000))),
            at: funded
        )
        let times = (1...4).map { Int64($0) * 10_000 } + (1...10).map { 60_000 + Int64($0) * 60_000 }
        for offset in times {
            schedule.add(
                .withdraw(AssetMovement(pool: ids.alts, account: hunter, asset: ids.usdc, amount: Wad(1_500_000))),
                at: funded.advanced(by: offset)
            )
        }
    }

    private func addMangoAttack(ids: Ids, schedule: inout EventSchedule) {
        let long = schedule.account(Self.attackerNames[0])
        let short = schedule.account(Self.attackerNames[1])
        let liquidator = schedule.account("liquidator-bot")
        let funded = start.advanced(by: attackOffset)
        let collateral = Wad(approximating: collateral)
        schedule.add(
            .deposit(AssetMovement(pool: ids.alts, account: long, asset: ids.usdc, amount: collateral)),
            at: funded
        )
        schedule.add(
            .deposit(AssetMovement(pool: ids.alts, account: short, asset: ids.usdc, amount: collateral)),
            at: funded.advanced(by: 400)
        )
        let size = Wad(approximating: positionSize)
        let opened = funded.advanced(by: 30_000)
        schedule.add(.trade(Trade(market: ids.mngoPerp, account: long, size: size)), at: opened)
        schedule.add(
            .trade(Trade(market: ids.mngoPerp, account: short, size: Wad(raw: -size.raw))),
            at: opened.advanced(by: 200)
        )

        let peak = funded.advanced(by: 2 * 60_000 + pumpMilliseconds + 60_000)
        for tranche in 0..<withdrawalCount {
            schedule.add(
                .withdraw(
                    AssetMovement(
                        pool: ids.alts,
                        account: long,
                        asset: ids.usdc,
                        amount: Wad(approximating: withdrawalTranche)
                    )
                ),
                at: peak.advanced(by: Int64(tranche) * 20_000 + 2_500)
            )
        }
        let liquidations = [
            (short, peak.advanced(by: 90_000)), (long, peak.advanced(by: 16 * 60_000)),
            (short, peak.advanced(by: 16 * 60_000 + 500)),
        ]
        for (account, time) in liquidations {
            schedule.add(.liquidate(Liquidation(account: account, pool: ids.alts, liquidator: liquidator)), at: time)
        }
    }
}
