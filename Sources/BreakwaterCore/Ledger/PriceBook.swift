/// The prices the ledger may use right now: one per asset (for collateral) and one mark per market.
///
/// The engine fills it from the oracle guard and the breakers; `nil` means no valid price, and any operation
/// that needs the value of that asset or market is refused.
public struct PriceBook: Sendable, Hashable {
    public var assetPrices: [Wad?]
    public var markPrices: [Wad?]

    public init(assetCount: Int, marketCount: Int) {
        assetPrices = Array(repeating: nil, count: assetCount)
        markPrices = Array(repeating: nil, count: marketCount)
    }

    public func price(of asset: AssetID) -> Wad? { assetPrices[Int(asset.index)] }
    public func mark(of market: MarketID) -> Wad? { markPrices[Int(market.index)] }
}
