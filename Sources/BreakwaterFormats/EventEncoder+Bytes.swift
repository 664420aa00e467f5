public import BreakwaterCore

extension EventEncoder {
    /// Appends the JSON line for an event and a newline to `bytes`: the bytes of ``line(for:accounts:)``.
    ///
    /// The kinds a market is mostly made of (oracle updates, trades, collateral and LP movements, liquidations,
    /// funding and ticks) are written field by field, keys in sorted order, decimals straight into the buffer;
    /// the others, and any event with a block or transaction, go through ``WireEvent``. A property test holds the
    /// two paths to the same bytes.
    public func write(_ event: Event, accounts: AccountDirectory, into bytes: inout [UInt8]) {
        guard event.provenance == nil, let kind = Self.quotedKinds[event.kind] else {
            wireEvent(for: event, accounts: accounts).writeJSONLine(into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            return
        }
        var line = JSONObjectWriter(opening: &bytes)
        switch event.payload {
        case .oracle(let update):
            line.quoted("asset", names.assets[Int(update.asset.index)], into: &bytes)
            line.decimal("confidence", update.confidence, into: &bytes)
            line.quoted("feed", names.feeds[Int(update.feed.index)], into: &bytes)
            line.quoted("kind", kind, into: &bytes)
            line.decimal("price", update.price, into: &bytes)
            line.integer("publish_ts", update.publishTime?.milliseconds, into: &bytes)
        case .deposit(let movement), .withdraw(let movement), .lpAdd(let movement), .lpRemove(let movement):
            line.string("account", accounts.name(of: movement.account), into: &bytes)
            line.decimal("amount", movement.amount, into: &bytes)
            line.quoted("asset", names.assets[Int(movement.asset.index)], into: &bytes)
            line.quoted("kind", kind, into: &bytes)
            line.quoted("pool", names.pools[Int(movement.pool.index)], into: &bytes)
        case .trade(let trade):
            line.string("account", accounts.name(of: trade.account), into: &bytes)
            line.quoted("kind", kind, into: &bytes)
            line.quoted("market", names.markets[Int(trade.market.index)], into: &bytes)
            line.decimal("price", trade.limitPrice, into: &bytes)
            line.decimal("size", trade.size, into: &bytes)
        case .liquidate(let liquidation):
            line.string("account", accounts.name(of: liquidation.account), into: &bytes)
            line.quoted("kind", kind, into: &bytes)
            line.string("liquidator", liquidation.liquidator.map(accounts.name(of:)), into: &bytes)
            line.quoted("market", liquidation.market.map { names.markets[Int($0.index)] }, into: &bytes)
            line.quoted("pool", names.pools[Int(liquidation.pool.index)], into: &bytes)
        case .funding(let market):
            line.quoted("kind", kind, into: &bytes)
            line.quoted("market", names.markets[Int(market.index)], into: &bytes)
        default:
            line.quoted("kind", kind, into: &bytes)
        }
        line.integer("ts", event.timestamp.milliseconds, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The kinds written field by field, as quoted JSON strings.
    private static let quotedKinds: [Event.Kind: [UInt8]] = {
        let kinds: [Event.Kind] = [
            .oracle, .deposit, .withdraw, .lpAdd, .lpRemove, .trade, .liquidate, .funding, .tick,
        ]
        return Dictionary(uniqueKeysWithValues: kinds.map { ($0, Self.quoted($0.rawValue)) })
    }()

    static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONObjectWriter.quote(text, into: &bytes)
        return bytes
    }
}

/// The config's names as quoted JSON strings, by id: written as they are.
struct QuotedNames: Sendable {
    let assets, feeds, pools, markets: [[UInt8]]

    init(_ config: ProtocolConfig) {
        assets = config.assets.map { EventEncoder.quoted($0.name) }
        feeds = config.feeds.map { EventEncoder.quoted($0.name) }
        pools = config.pools.map { EventEncoder.quoted($0.name) }
        markets = config.markets.map { EventEncoder.quoted($0.name) }
    }
}
