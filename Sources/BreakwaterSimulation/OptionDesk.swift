import BreakwaterCore

/// The option activity of one option market in ``MixedStream``: two writers sell one series at a time to the pool's
/// traders, and each series expires and is settled by everyone in it when the next one opens.
struct OptionDesk: Sendable {
    let market: OptionMarketID
    let pool: PoolID
    let underlying: AssetID
    let quote: AssetID
    let writers: [AccountID]
    private(set) var series: OptionSeries?
    /// Unsold options of the current series, per writer.
    private var inventory: [Double]
    /// The accounts in the current series, in the order they joined, to settle at expiry.
    private var participants: [AccountID] = []
    private var isParticipant: Set<AccountID> = []

    init(market: OptionMarketID, config: ProtocolConfig, writers: [AccountID]) {
        self.market = market
        pool = config.optionMarket(market).pool
        underlying = config.optionMarket(market).underlying
        quote = config.pool(pool).quote
        self.writers = writers
        inventory = writers.map { _ in 0 }
    }

    /// Each writer's collateral: quote for puts, the underlying for calls, ten million of notional each.
    func openingDeposits(price: Double) -> [Event.Payload] {
        writers.flatMap { writer in
            [
                .deposit(
                    AssetMovement(pool: pool, account: writer, asset: quote, amount: Wad(approximating: 10_000_000))
                ),
                .deposit(
                    AssetMovement(
                        pool: pool,
                        account: writer,
                        asset: underlying,
                        amount: Wad(approximating: 10_000_000 / price)
                    )
                ),
            ]
        }
    }

    /// Expires the current series and settles everyone in it, then opens the next one, struck at `price`.
    mutating func roll(next expiry: Timestamp, price: Double, type: OptionType) -> [Event.Payload] {
        var payloads: [Event.Payload] = []
        if let series {
            payloads.append(.optionExpire(series))
            payloads += participants.map { .optionSettle(OptionSettlement(series: series, account: $0)) }
        }
        let strike = Wad(approximating: price.rounded())
        series = OptionSeries(market: market, type: type, strike: strike.isPositive ? strike : .one, expiry: expiry)
        inventory = writers.map { _ in 0 }
        participants.removeAll(keepingCapacity: true)
        isParticipant.removeAll(keepingCapacity: true)
        return payloads
    }

    /// A writer writes a few thousand of notional.
    mutating func write(price: Double, _ generator: inout SeededGenerator) -> Event.Payload? {
        guard let series else { return nil }
        let index = Int(generator.uniform() * Double(writers.count))
        let size = (1_000 + 4_000 * generator.uniform()) / price
        inventory[index] += size
        join(writers[index])
        return .optionWrite(OptionWrite(series: series, account: writers[index], size: Wad(approximating: size)))
    }

    /// A trader buys up to a couple of thousand of notional from a writer, at a premium of 2 % of it.
    mutating func buy(by trader: AccountID, price: Double, _ generator: inout SeededGenerator) -> Event.Payload? {
        guard let series, let index = inventory.indices.max(by: { inventory[$0] < inventory[$1] }) else { return nil }
        let size = Swift.min(inventory[index], (200 + 1_800 * generator.uniform()) / price)
        guard size * price >= 1 else { return nil }
        inventory[index] -= size
        join(trader)
        return .optionBuy(
            OptionPurchase(
                series: series,
                account: trader,
                seller: writers[index],
                size: Wad(approximating: size),
                premium: Wad(approximating: 0.02 * size * price)
            )
        )
    }

    private mutating func join(_ account: AccountID) {
        if isParticipant.insert(account).inserted { participants.append(account) }
    }
}
