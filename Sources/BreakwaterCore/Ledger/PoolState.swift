/// The state of one isolated pool: its vault, the claims on it, its accounts and its markets.
///
/// For every collateral slot the vault equals the sum of the claims on it:
/// `vault = Σ account balances + LP liquidity + insurance fund`. Every operation moves amounts between claims
/// of one pool and one asset, or between the vault and the outside world, so this holds exactly.
public struct PoolState: Sendable, Hashable {
    public let id: PoolID
    /// Collateral assets in config order; a slot indexes the per-asset arrays below.
    public let assets: [AssetID]
    /// Markets of the pool in config order; a slot indexes the per-market arrays below.
    public let markets: [MarketID]
    public let quoteSlot: Int

    /// Tokens held, per slot.
    public var vault: [Wad]
    /// The LPs' claim per slot; the counterparty of every trade, it may turn negative in an asset after losses.
    public var lpLiquidity: [Wad]
    /// The insurance fund per slot.
    public var insurance: [Wad]
    /// The sum of all negative account balances per slot, kept as each balance changes.
    public var borrowed: [Wad]
    /// The sum of all account balances per slot, kept as each balance changes, so conservation is checked in
    /// constant time; a full audit recounts it from the accounts.
    public var balanceTotals: [Wad]
    /// The sum of the accounts' LP shares, kept as each account's shares change.
    public var accountShareTotal: Wad = .zero
    /// Losses that neither the account nor the insurance fund covered, taken from the LPs, per slot.
    public var socializedLoss: [Wad]
    public var lpShares: Wad = .zero
    public var accounts: [AccountID: AccountState] = [:]

    public var longOpenInterest: [Wad]
    public var shortOpenInterest: [Wad]
    public var fundingIndex: [Wad]
    public var lastFunding: [Timestamp?]

    private let slotByAsset: [Int]
    private let slotByMarket: [Int]

    public init(id: PoolID, config: ProtocolConfig) {
        let pool = config.pool(id)
        self.id = id
        assets = pool.collateral.map(\.asset)
        markets = config.markets(in: id)
        quoteSlot = assets.firstIndex(of: pool.quote) ?? 0
        let zeros = Array(repeating: Wad.zero, count: assets.count)
        vault = zeros
        lpLiquidity = zeros
        insurance = zeros
        borrowed = zeros
        balanceTotals = zeros
        socializedLoss = zeros
        let marketZeros = Array(repeating: Wad.zero, count: markets.count)
        longOpenInterest = marketZeros
        shortOpenInterest = marketZeros
        fundingIndex = marketZeros
        lastFunding = Array(repeating: nil, count: markets.count)
        var slotByAsset = Array(repeating: -1, count: config.assets.count)
        for (slot, asset) in assets.enumerated() { slotByAsset[Int(asset.index)] = slot }
        self.slotByAsset = slotByAsset
        var slotByMarket = Array(repeating: -1, count: config.markets.count)
        for (slot, market) in markets.enumerated() { slotByMarket[Int(market.index)] = slot }
        self.slotByMarket = slotByMarket
    }

    /// The slot of a collateral asset, or `nil` if the pool does not accept it.
    public func slot(of asset: AssetID) -> Int? {
        let slot = slotByAsset[Int(asset.index)]
        return slot < 0 ? nil : slot
    }

    /// The slot of a market of this pool, or `nil` if the market belongs elsewhere.
    public func slot(of market: MarketID) -> Int? {
        let slot = slotByMarket[Int(market.index)]
        return slot < 0 ? nil : slot
    }

    /// The account's state, or an empty one if it never touched this pool.
    public func account(_ id: AccountID) -> AccountState {
        accounts[id] ?? AccountState(assetSlots: assets.count, marketSlots: markets.count)
    }

    /// The LPs' claim valued at `prices`, or `nil` when an asset the LPs hold has no price.
    public func lpValue(prices: PriceBook) throws(MoneyError) -> Wad? {
        var total = Wad.zero
        for (slot, amount) in lpLiquidity.enumerated() where !amount.isZero {
            guard let price = prices.price(of: assets[slot]) else { return nil }
            total = try total.adding(amount.multiplied(by: price, rounding: .down))
        }
        return total
    }
}
