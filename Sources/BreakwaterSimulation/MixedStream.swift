public import BreakwaterCore

/// A seeded, endless stream of ordinary market activity on any protocol config, for benchmarks and soak tests.
///
/// Every pool gets two liquidity providers and its share of the traders, every option market two writers, then
/// events follow at 100 ms steps in a fixed mix: feed updates (30 %), perpetual trades (40 %), deposits and
/// withdrawals (17 %), LP adds and removes (3 %), transfers between pools (2 %), liquidation attempts (3 %), option
/// writes and purchases (2 %) and ticks (3 %), plus hourly funding per market and, per option market, a series
/// every 15 minutes that expires and is settled when the next one opens. Prices random-walk gently, so a healthy engine raises no incident.
/// Memory stays constant however many events are drawn.
public struct MixedStream: Sendable, IteratorProtocol {
    /// The accounts the stream names, all interned up front.
    public let accounts: AccountDirectory
    private let config: ProtocolConfig
    private var generator: SeededGenerator
    private var time: Timestamp
    private var pending: [Event] = []
    private var prices: [Double]
    private let traders: [Trader]
    private var positions: [[Double]]
    private var nextFunding: Timestamp
    private let feedsOfPricedAssets: [Int]
    private var optionDesks: [OptionDesk]
    private var nextOptionRoll: Timestamp
    private var rolls = 0
    /// How long each option series trades before it expires.
    private static let optionSeriesMilliseconds: Int64 = 900_000

    private struct Trader: Sendable {
        let id: AccountID
        let pool: PoolID
        let markets: [MarketID]
    }

    /// - Parameters:
    ///   - config: the protocol; every pool needs a quote asset, which every config has.
    ///   - seed: the same seed gives the same stream.
    ///   - traders: how many trading accounts.
    ///   - startPrices: the first price per asset name; unnamed assets start at 1.
    public init(
        config: ProtocolConfig,
        seed: UInt64,
        traders count: Int = 1_000,
        startPrices: [String: Double] = ["ETH": 1_300, "BTC": 19_000, "MNGO": 0.038]
    ) {
        self.config = config
        generator = SeededGenerator(seed: seed)
        time = Timestamp(milliseconds: 1_700_000_000_000)
        prices = config.assets.map { startPrices[$0.name] ?? 1 }
        feedsOfPricedAssets = config.feeds.indices.filter {
            config.assets[Int(config.feeds[$0].asset.index)].fixedPrice == nil
        }
        var accounts = AccountDirectory()
        var traders: [Trader] = []
        for index in 0..<count {
            let pool = PoolID(index % config.pools.count)
            let id = accounts.intern("trader-\(index)")
            traders.append(Trader(id: id, pool: pool, markets: config.markets(in: pool)))
        }
        for pool in config.poolIDs {
            for lp in 0..<2 { _ = accounts.intern("lp-\(config.pool(pool).name)-\(lp)") }
        }
        optionDesks = config.optionMarketIDs.map { market in
            let writers = (0..<2).map { accounts.intern("writer-\(config.optionMarket(market).name)-\($0)") }
            return OptionDesk(market: market, config: config, writers: writers)
        }
        self.accounts = accounts
        self.traders = traders
        positions = traders.map { Array(repeating: 0, count: $0.markets.count) }
        nextFunding = time
        nextOptionRoll = time
        pending = openingEvents().reversed()
    }

    public mutating func next() -> Event? {
        if let event = pending.popLast() { return event }
        time = time.advanced(by: 100)
        if time >= nextFunding {
            nextFunding = time.advanced(by: 3_600_000)
            pending = config.marketIDs.reversed().map { Event(timestamp: time, payload: .funding(market: $0)) }
            return pending.popLast()
        }
        if time >= nextOptionRoll, !optionDesks.isEmpty {
            nextOptionRoll = time.advanced(by: Self.optionSeriesMilliseconds)
            var payloads: [Event.Payload] = []
            for index in optionDesks.indices {
                let price = prices[Int(optionDesks[index].underlying.index)]
                let type: OptionType = (rolls + index) % 2 == 0 ? .call : .put
                payloads += optionDesks[index].roll(next: nextOptionRoll, price: price, type: type)
            }
            rolls += 1
            pending = payloads.reversed().map { Event(timestamp: time, payload: $0) }
            if let event = pending.popLast() { return event }
        }
        return Event(timestamp: time, payload: drawPayload())
    }

    /// Every feed's first price, LP liquidity in every pool and every trader's first deposit.
    private mutating func openingEvents() -> [Event] {
        var events = feedsOfPricedAssets.map { Event(timestamp: time, payload: .oracle(update(feed: $0))) }
        for pool in config.poolIDs {
            let quote = config.pool(pool).quote
            for lp in 0..<2 {
                let id = accounts.id(of: "lp-\(config.pool(pool).name)-\(lp)")!
                let amount = Wad(approximating: 50_000_000)
                events.append(
                    Event(
                        timestamp: time,
                        payload: .lpAdd(AssetMovement(pool: pool, account: id, asset: quote, amount: amount))
                    )
                )
            }
        }
        for desk in optionDesks {
            let price = prices[Int(desk.underlying.index)]
            events += desk.openingDeposits(price: price).map { Event(timestamp: time, payload: $0) }
        }
        for trader in traders {
            let amount = Wad(approximating: 20_000 + 80_000 * generator.uniform())
            let quote = config.pool(trader.pool).quote
            events.append(
                Event(
                    timestamp: time,
                    payload: .deposit(
                        AssetMovement(pool: trader.pool, account: trader.id, asset: quote, amount: amount)
                    )
                )
            )
        }
        return events
    }

    private mutating func drawPayload() -> Event.Payload {
        let draw = generator.uniform()
        switch draw {
        case ..<0.30 where !feedsOfPricedAssets.isEmpty:
            return .oracle(update(feed: feedsOfPricedAssets[pick(feedsOfPricedAssets.count)]))
        case ..<0.70:
            return trade() ?? .tick
        case ..<0.80:
            return .deposit(quoteMovement(amount: 100 + 2_000 * generator.uniform()))
        case ..<0.87:
            return .withdraw(quoteMovement(amount: 100 + 1_500 * generator.uniform()))
        case ..<0.885:
            return .lpAdd(lpMovement(amount: 10_000 + 100_000 * generator.uniform()))
        case ..<0.90:
            return .lpRemove(lpMovement(amount: 10_000 + 80_000 * generator.uniform()))
        case ..<0.92:
            let trader = traders[pick(traders.count)]
            let target = PoolID((Int(trader.pool.index) + 1) % config.pools.count)
            let quote = config.pool(trader.pool).quote
            return .transfer(
                PoolTransfer(
                    account: trader.id,
                    asset: quote,
                    amount: Wad(approximating: 50 + 500 * generator.uniform()),
                    fromPool: trader.pool,
                    toPool: target
                )
            )
        case ..<0.95:
            let trader = traders[pick(traders.count)]
            return .liquidate(
                Liquidation(account: trader.id, pool: trader.pool, liquidator: traders[pick(traders.count)].id)
            )
        case ..<0.97 where !optionDesks.isEmpty:
            return optionActivity(writing: draw < 0.955) ?? .tick
        default:
            return .tick
        }
    }

    /// A feed's next print: the asset's price takes a small random step, and the feed adds its own noise.
    private mutating func update(feed index: Int) -> OracleUpdate {
        let feed = config.feeds[index]
        let asset = Int(feed.asset.index)
        prices[asset] *= 1 + 0.0002 * generator.normal()
        let price = prices[asset] * (1 + 0.0003 * generator.normal())
        return OracleUpdate(
            feed: FeedID(index),
            asset: feed.asset,
            price: Wad(approximating: price),
            confidence: Wad(approximating: price * 0.001),
            publishTime: time.advanced(by: -Int64(generator.uniform() * 1_000))
        )
    }

    /// A trade of a few thousand in notional; large positions tend to shrink, so exposure stays bounded.
    private mutating func trade() -> Event.Payload? {
        let traderIndex = pick(traders.count)
        let trader = traders[traderIndex]
        guard !trader.markets.isEmpty else { return nil }
        let slot = pick(trader.markets.count)
        let market = trader.markets[slot]
        let price = prices[Int(config.market(market).underlying.index)]
        let held = positions[traderIndex][slot]
        let notional = 500 + 5_000 * generator.uniform()
        let towardsFlat =
            held * price > 20_000 ? -1.0 : held * price < -20_000 ? 1.0 : (generator.uniform() < 0.5 ? -1.0 : 1.0)
        let size = Wad(approximating: towardsFlat * notional / price)
        guard !size.isZero else { return nil }
        positions[traderIndex][slot] = held + towardsFlat * notional / price
        return .trade(Trade(market: market, account: trader.id, size: size))
    }

    /// A write, or a purchase by a trader of the desk's pool.
    private mutating func optionActivity(writing: Bool) -> Event.Payload? {
        let index = pick(optionDesks.count)
        let price = prices[Int(optionDesks[index].underlying.index)]
        if writing { return optionDesks[index].write(price: price, &generator) }
        let pool = optionDesks[index].pool
        // Traders are dealt to pools in turn, so trader `k × pools + pool` belongs to the desk's pool.
        let pools = config.pools.count
        let candidates = (traders.count - Int(pool.index) + pools - 1) / pools
        guard candidates > 0 else { return nil }
        let trader = traders[pick(candidates) * pools + Int(pool.index)]
        return optionDesks[index].buy(by: trader.id, price: price, &generator)
    }

    private mutating func quoteMovement(amount: Double) -> AssetMovement {
        let trader = traders[pick(traders.count)]
        return AssetMovement(
            pool: trader.pool,
            account: trader.id,
            asset: config.pool(trader.pool).quote,
            amount: Wad(approximating: amount)
        )
    }

    private mutating func lpMovement(amount: Double) -> AssetMovement {
        let pool = PoolID(pick(config.pools.count))
        let account = accounts.id(of: "lp-\(config.pool(pool).name)-\(pick(2))")!
        return AssetMovement(
            pool: pool,
            account: account,
            asset: config.pool(pool).quote,
            amount: Wad(approximating: amount)
        )
    }

    private mutating func pick(_ count: Int) -> Int { Int(generator.uniform() * Double(count)) }
}
