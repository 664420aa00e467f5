/// Where a signal or a response applies: the whole protocol, a pool, a market, a function, one account, or one
/// asset (for its price feeds) and one of its feeds.
///
/// Keys combine: `{pool: main, function: withdraw}` is the withdraw function of pool `main`.
public struct Scope: Sendable, Hashable, Codable {
    public var isProtocol: Bool
    public var pool: PoolID?
    public var market: MarketID?
    public var function: Function?
    public var account: AccountID?
    public var asset: AssetID?
    /// One of the asset's feeds: a feed left out of the asset's price too long, and back.
    public var feed: FeedID?

    public init(
        isProtocol: Bool = false,
        pool: PoolID? = nil,
        market: MarketID? = nil,
        function: Function? = nil,
        account: AccountID? = nil,
        asset: AssetID? = nil,
        feed: FeedID? = nil
    ) {
        self.isProtocol = isProtocol
        self.pool = pool
        self.market = market
        self.function = function
        self.account = account
        self.asset = asset
        self.feed = feed
    }

    public static let wholeProtocol = Scope(isProtocol: true)
    public static func pool(_ pool: PoolID) -> Scope { Scope(pool: pool) }
    public static func market(_ market: MarketID, in pool: PoolID) -> Scope { Scope(pool: pool, market: market) }
    /// An asset's price: its feeds and its guarded price, wherever it is used.
    public static func asset(_ asset: AssetID) -> Scope { Scope(asset: asset) }
    /// One feed of an asset.
    public static func feed(_ feed: FeedID, of asset: AssetID) -> Scope { Scope(asset: asset, feed: feed) }

    /// A protocol function that a response can gate.
    public enum Function: String, Sendable, Hashable, CaseIterable, Codable {
        case deposit, withdraw, trade, liquidate, funding
        case lpAdd = "lp_add"
        case lpRemove = "lp_remove"
        case transfer
    }
}
