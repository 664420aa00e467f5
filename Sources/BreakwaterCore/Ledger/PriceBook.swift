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

    /// The price of an asset, or a `no_price` rejection naming it.
    func price(of asset: AssetID, in config: ProtocolConfig) throws -> Wad {
        guard let price = price(of: asset) else {
            throw Rejection(.noPrice, "no valid price for \(config.asset(asset).name)")
        }
        return price
    }

    /// The mark of a market, or a `no_price` rejection naming it.
    func mark(of market: MarketID, in config: ProtocolConfig) throws -> Wad {
        guard let mark = mark(of: market) else {
            throw Rejection(.noPrice, "no valid price for market \(config.market(market).name)")
        }
        return mark
    }
}
