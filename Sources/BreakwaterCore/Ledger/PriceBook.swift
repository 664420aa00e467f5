/// The prices the ledger may use right now: one per asset (for collateral) and one mark per market.
///
/// The engine fills it from the oracle guard and the breakers; `nil` means no price margin may use, and any
/// operation that needs the value of that asset or market is refused, naming the asset's ``PriceValidity``.
public struct PriceBook: Sendable, Hashable, Codable {
    public var assetPrices: [Wad?]
    public var markPrices: [Wad?]
    /// Why each asset has, or has not, a price.
    public var assetValidity: [PriceValidity]
    /// The validity of each market's underlying.
    public var markValidity: [PriceValidity]

    public init(assetCount: Int, marketCount: Int) {
        assetPrices = Array(repeating: nil, count: assetCount)
        markPrices = Array(repeating: nil, count: marketCount)
        assetValidity = Array(repeating: .noValidFeed, count: assetCount)
        markValidity = Array(repeating: .noValidFeed, count: marketCount)
    }

    public func price(of asset: AssetID) -> Wad? { assetPrices[Int(asset.index)] }
    public func mark(of market: MarketID) -> Wad? { markPrices[Int(market.index)] }
    public func validity(of asset: AssetID) -> PriceValidity { assetValidity[Int(asset.index)] }
}
