import BreakwaterCore

/// A small two-pool protocol for ledger tests: USDC (fixed price) and ETH collateral, one perp and one option
/// market per pool.
enum TestProtocol {
    static let usdc = AssetID(0)
    static let eth = AssetID(1)
    static let main = PoolID(0)
    static let side = PoolID(1)
    static let ethPerp = MarketID(0)
    static let sidePerp = MarketID(1)
    static let ethOptions = OptionMarketID(0)
    static let sideOptions = OptionMarketID(1)

    static func config() -> ProtocolConfig {
        var ethCollateral = ProtocolConfig.Collateral(asset: eth)
        (ethCollateral.initialAssetWeight, ethCollateral.maintenanceAssetWeight) = (wad("0.8"), wad("0.9"))
        (ethCollateral.initialLiabilityWeight, ethCollateral.maintenanceLiabilityWeight) = (wad("1.2"), wad("1.1"))
        var config = ProtocolConfig(
            name: "test",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH")],
            feeds: [.init(name: "eth-a", asset: eth)],
            pools: [
                .init(
                    name: "main",
                    quote: usdc,
                    collateral: [.init(asset: usdc), ethCollateral]
                ),
                .init(name: "side", quote: usdc, collateral: [.init(asset: usdc), .init(asset: eth)]),
            ],
            markets: [
                .init(name: "ETH-PERP", pool: main, underlying: eth),
                .init(name: "SIDE-PERP", pool: side, underlying: eth),
            ],
            optionMarkets: [
                .init(name: "ETH-OPT", pool: main, underlying: eth),
                .init(name: "SIDE-OPT", pool: side, underlying: eth),
            ]
        )
        config.markets[1].unrealizedProfitCounts = true
        return config
    }

    static func prices(eth price: Wad) -> PriceBook {
        var book = PriceBook(assetCount: 2, marketCount: 2)
        book.assetPrices = [.one, price]
        book.markPrices = [price, price]
        return book
    }

    static func wad(_ text: String) -> Wad { try! Wad(parsing: text) }
}

extension LedgerOutcome {
    var isApplied: Bool { if case .applied = self { true } else { false } }
    var rejectionCode: Rejection.Code? { if case .rejected(let r) = self { r.code } else { nil } }
    var effects: LedgerEffects? { if case .applied(let e) = self { e } else { nil } }
}
