/// The state of one isolated pool: its vault, the claims on it, its accounts and its markets.
///
/// For every collateral slot the vault equals the sum of the claims on it:
/// `vault = Σ account balances + LP liquidity + insurance fund + option escrow`. Every operation moves amounts between claims
/// of one pool and one asset, or between the vault and the outside world, so this holds exactly.
///
/// Operations change a pool in place through its `mutating` methods: a non-mutating method called on an element of
/// the ledger's pool array works on a copy, which retains every buffer the state holds. So the pool carries what it
/// needs of the config in its ``layout``, and reads it from there.
public struct PoolState: Sendable, Equatable, Codable {
    public let id: PoolID
    /// The pool's slots and its part of the config, shared by every copy of the state; replaced whole when
    /// governance changes a market's terms.
    var layout: PoolLayout
    /// Collateral assets in config order; a slot indexes ``collateral`` and account balances.
    public var assets: [AssetID] { layout.assets }
    /// Markets of the pool in config order; a slot indexes ``marketBooks`` and account positions.
    public var markets: [MarketID] { layout.markets }
    public var quoteSlot: Int { layout.quoteSlot }

    /// The claims on each collateral slot, in slot order.
    public var collateral: [CollateralBook]
    /// The books of each market, in slot order.
    public var marketBooks: [MarketBook]
    public var lpShares: Wad = .zero
    /// The sum of the accounts' LP shares, kept as each account's shares change.
    public var accountShareTotal: Wad = .zero
    /// The accounts that hold something in the pool; an account left with nothing is removed.
    public internal(set) var accounts = AccountTable()
    /// The option series written in the pool, in the order of their first write.
    public internal(set) var optionSeries: [OptionSeriesBook] = []
    /// The slot of each series in ``optionSeries``.
    public internal(set) var seriesSlots: [OptionSeries: Int] = [:]
    /// What the operation under way saved to undo; empty between operations.
    var undo = UndoLog()

    public init(id: PoolID, config: ProtocolConfig) {
        self.id = id
        layout = PoolLayout(id: id, config: config)
        collateral = Array(repeating: CollateralBook(), count: layout.assets.count)
        marketBooks = Array(repeating: MarketBook(), count: layout.markets.count)
    }

    /// The slot of a collateral asset, or `nil` if the pool does not accept it.
    public func slot(of asset: AssetID) -> Int? {
        let slot = layout.slotByAsset[Int(asset.index)]
        return slot < 0 ? nil : slot
    }

    /// The slot of a collateral asset, or a rejection naming both when the pool does not accept it.
    func collateralSlot(of asset: AssetID) throws -> Int {
        guard let slot = slot(of: asset) else {
            throw Rejection(
                .unknownInPool,
                "asset \(layout.protocolAssetNames[Int(asset.index)]) is not collateral in pool \(layout.name)"
            )
        }
        return slot
    }

    /// The slot of a market of this pool, or `nil` if the market belongs elsewhere.
    public func slot(of market: MarketID) -> Int? {
        let slot = layout.slotByMarket[Int(market.index)]
        return slot < 0 ? nil : slot
    }

    /// The slot of an option series, or `nil` if none of it was ever written here.
    public func slot(of series: OptionSeries) -> Int? { seriesSlots[series] }

    /// Stores a series' books, adding the series when `slot` is past the last one.
    mutating func store(_ book: OptionSeriesBook, at slot: Int) {
        if slot == optionSeries.count {
            optionSeries.append(book)
            seriesSlots[book.series] = slot
        } else {
            optionSeries[slot] = book
        }
    }

    /// The account's state, or an empty one if it holds nothing in this pool.
    public func account(_ id: AccountID) -> AccountState {
        accounts[id] ?? emptyAccount
    }

    /// The state of an account that holds nothing.
    var emptyAccount: AccountState { AccountState(assetSlots: collateral.count, marketSlots: marketBooks.count) }

    /// The price of an asset, or a `no_price` rejection naming it.
    func price(of asset: AssetID, _ prices: PriceBook) throws -> Wad {
        guard let price = prices.price(of: asset) else {
            let name = layout.protocolAssetNames[Int(asset.index)]
            throw Rejection(.noPrice, "no valid price for \(name) (\(prices.validity(of: asset)))")
        }
        return price
    }

    /// The price of the asset in a collateral slot, or a `no_price` rejection naming it.
    func price(ofSlot slot: Int, _ prices: PriceBook) throws -> Wad { try price(of: layout.assets[slot], prices) }

    /// The mark of the market in a slot, or a `no_price` rejection naming it.
    func mark(ofSlot slot: Int, _ prices: PriceBook) throws -> Wad {
        guard let mark = prices.mark(of: layout.markets[slot]) else {
            throw Rejection(
                .noPrice,
                "no valid price for market \(layout.marketNames[slot]) (\(prices.markValidity[Int(layout.markets[slot].index)]))"
            )
        }
        return mark
    }

    /// The LPs' claim valued at `prices`, or `nil` when an asset the LPs hold has no price.
    public func lpValue(prices: PriceBook) throws(MoneyError) -> Wad? {
        var total = Wad.zero
        for (slot, book) in collateral.enumerated() where !book.lpLiquidity.isZero {
            guard let price = prices.price(of: layout.assets[slot]) else { return nil }
            total = try total.adding(book.lpLiquidity.multiplied(by: price, rounding: .down))
        }
        return total
    }
}

/// Which assets and markets a pool has, in slot order, with the pool's part of the config: fixed at load, so one
/// instance serves every copy of the pool's state and copying the state costs no more than its books.
final class PoolLayout: Sendable, Equatable, Codable {
    /// The pool's name, for messages.
    let name: String
    let assets: [AssetID]
    let assetNames: [String]
    /// The name of every asset of the protocol, by id, for rejections that name an asset the pool does not take.
    let protocolAssetNames: [String]
    /// How each collateral slot counts in health and whether it may be borrowed.
    let collateral: [ProtocolConfig.Collateral]
    let markets: [MarketID]
    let marketNames: [String]
    /// The numbers of each market, in slot order.
    let marketTerms: [MarketTerms]
    let quoteSlot: Int
    let insuranceFeeShare: Wad
    let liquidationPenalty: Wad
    let slotByAsset: [Int]
    let slotByMarket: [Int]

    init(id: PoolID, config: ProtocolConfig) {
        let spec = config.pool(id)
        name = spec.name
        collateral = spec.collateral
        assets = spec.collateral.map(\.asset)
        assetNames = assets.map { config.asset($0).name }
        protocolAssetNames = config.assets.map(\.name)
        markets = config.markets(in: id)
        marketNames = markets.map { config.market($0).name }
        marketTerms = markets.map { MarketTerms(config.market($0)) }
        quoteSlot = assets.firstIndex(of: spec.quote) ?? 0
        insuranceFeeShare = spec.insuranceFeeShare
        liquidationPenalty = spec.liquidationPenalty
        var slotByAsset = Array(repeating: -1, count: config.assets.count)
        for (slot, asset) in assets.enumerated() { slotByAsset[Int(asset.index)] = slot }
        self.slotByAsset = slotByAsset
        var slotByMarket = Array(repeating: -1, count: config.markets.count)
        for (slot, market) in markets.enumerated() { slotByMarket[Int(market.index)] = slot }
        self.slotByMarket = slotByMarket
    }

    /// This layout with `terms` for the market in `slot`.
    func replacingTerms(ofSlot slot: Int, with terms: MarketTerms) -> PoolLayout {
        var marketTerms = marketTerms
        marketTerms[slot] = terms
        return PoolLayout(copying: self, marketTerms: marketTerms)
    }

    private init(copying other: PoolLayout, marketTerms: [MarketTerms]) {
        name = other.name
        assets = other.assets
        assetNames = other.assetNames
        protocolAssetNames = other.protocolAssetNames
        collateral = other.collateral
        markets = other.markets
        marketNames = other.marketNames
        self.marketTerms = marketTerms
        quoteSlot = other.quoteSlot
        insuranceFeeShare = other.insuranceFeeShare
        liquidationPenalty = other.liquidationPenalty
        slotByAsset = other.slotByAsset
        slotByMarket = other.slotByMarket
    }

    static func == (lhs: PoolLayout, rhs: PoolLayout) -> Bool {
        lhs === rhs
            || (lhs.name == rhs.name && lhs.collateral == rhs.collateral && lhs.markets == rhs.markets
                && lhs.marketTerms == rhs.marketTerms && lhs.quoteSlot == rhs.quoteSlot
                && lhs.insuranceFeeShare == rhs.insuranceFeeShare && lhs.liquidationPenalty == rhs.liquidationPenalty)
    }
}

/// The claims on one collateral slot of a pool.
///
/// `vault = balanceTotal + lpLiquidity + insurance + optionEscrow` holds exactly: every operation moves amounts between claims of
/// one slot, or between the vault and the outside world.
public struct CollateralBook: Sendable, Hashable, Codable {
    /// Tokens held.
    public var vault: Wad = .zero
    /// The LPs' claim; the counterparty of every trade, it may turn negative after losses.
    public var lpLiquidity: Wad = .zero
    /// The insurance fund.
    public var insurance: Wad = .zero
    /// Collateral locked by option writers, the sum of the escrows of the slot's option series.
    public var optionEscrow: Wad = .zero
    /// The sum of all negative account balances, kept as each balance changes.
    public var borrowed: Wad = .zero
    /// The sum of all account balances, kept as each balance changes, so conservation is checked in constant
    /// time; a full audit recounts it from the accounts.
    public var balanceTotal: Wad = .zero
    /// Losses that neither the account nor the insurance fund covered, taken from the LPs.
    public var socializedLoss: Wad = .zero

    public init() {}
}

/// The open interest and funding of one market of a pool.
public struct MarketBook: Sendable, Hashable, Codable {
    public var longOpenInterest: Wad = .zero
    public var shortOpenInterest: Wad = .zero
    public var fundingIndex: Wad = .zero
    public var lastFunding: Timestamp?

    public init() {}
}
