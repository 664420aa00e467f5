/// A market's risk terms: its margins, fee and liquidation penalty, and whether its unrealized profit counts as
/// collateral. The config sets them; a governed module upgrade may replace them while the protocol runs.
public struct MarketTerms: Sendable, Hashable, Codable {
    public var initialMargin: Wad
    public var maintenanceMargin: Wad
    public var takerFee: Wad
    public var liquidationPenalty: Wad
    /// Whether an open position's unrealized profit counts toward the account's health (and so may be withdrawn
    /// against): the flaw an oracle manipulation like Mango Markets' exploits.
    public var unrealizedProfitCounts: Bool

    public init(
        initialMargin: Wad,
        maintenanceMargin: Wad,
        takerFee: Wad,
        liquidationPenalty: Wad,
        unrealizedProfitCounts: Bool
    ) {
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.takerFee = takerFee
        self.liquidationPenalty = liquidationPenalty
        self.unrealizedProfitCounts = unrealizedProfitCounts
    }

    public init(_ market: ProtocolConfig.Market) {
        self.init(
            initialMargin: market.initialMargin,
            maintenanceMargin: market.maintenanceMargin,
            takerFee: market.takerFee,
            liquidationPenalty: market.liquidationPenalty,
            unrealizedProfitCounts: market.unrealizedProfitCounts
        )
    }
}

extension MarketTerms {
    /// Whether these terms reduce risk, or leave it, against `other`: no margin lower, no fee or penalty lower, and
    /// unrealized profit not newly counted. What an emergency hotfix may install.
    public func isAtLeastAsStrict(as other: MarketTerms) -> Bool {
        initialMargin >= other.initialMargin && maintenanceMargin >= other.maintenanceMargin
            && takerFee >= other.takerFee
            && liquidationPenalty >= other.liquidationPenalty
            && (!unrealizedProfitCounts || other.unrealizedProfitCounts)
    }
}

extension Ledger {
    /// The terms a market trades under now.
    public func terms(of market: MarketID) -> MarketTerms {
        let pool = pools[Int(config.market(market).pool.index)]
        return pool.layout.marketTerms[pool.layout.slotByMarket[Int(market.index)]]
    }

    /// Replaces a market's terms: from the next event on, health, fees and liquidations use them.
    public mutating func setTerms(_ terms: MarketTerms, of market: MarketID) {
        let index = Int(config.market(market).pool.index)
        pools[index].replaceTerms(terms, of: market)
    }
}

extension PoolState {
    mutating func replaceTerms(_ terms: MarketTerms, of market: MarketID) {
        layout = layout.replacingTerms(ofSlot: layout.slotByMarket[Int(market.index)], with: terms)
    }
}
