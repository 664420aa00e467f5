import BreakwaterCore

/// The YAML config as written: names instead of ids, every key optional so defaults can apply.
struct WireConfig: Decodable {
    var version: Int?
    var name: String?
    var assets: [WireAsset]?
    var feeds: [WireFeed]?
    var pools: [WirePool]?
    var oracle: WireOracle?
    var policy: WirePolicy?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, name, assets, feeds, pools, oracle, policy
    }
}

struct WireAsset: Decodable {
    var name: String?
    var fixedPrice: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case fixedPrice = "fixed_price"
    }
}

struct WireFeed: Decodable {
    var name: String?
    var asset: String?
    var heartbeatMs: Int64?
    var minAnswer: Wad?
    var maxAnswer: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, asset
        case heartbeatMs = "heartbeat_ms"
        case minAnswer = "min_answer"
        case maxAnswer = "max_answer"
    }
}

struct WirePool: Decodable {
    var name: String?
    var quote: String?
    var insuranceFeeShare: Wad?
    var liquidationPenalty: Wad?
    var collateral: [WireCollateral]?
    var markets: [WireMarket]?
    var options: [WireOptionMarket]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, quote, collateral, markets, options
        case insuranceFeeShare = "insurance_fee_share"
        case liquidationPenalty = "liquidation_penalty"
    }
}

struct WireCollateral: Decodable {
    var asset: String?
    var initialAssetWeight: Wad?
    var maintenanceAssetWeight: Wad?
    var initialLiabilityWeight: Wad?
    var maintenanceLiabilityWeight: Wad?
    var borrowable: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case asset, borrowable
        case initialAssetWeight = "initial_asset_weight"
        case maintenanceAssetWeight = "maintenance_asset_weight"
        case initialLiabilityWeight = "initial_liability_weight"
        case maintenanceLiabilityWeight = "maintenance_liability_weight"
    }
}

struct WireMarket: Decodable {
    var name: String?
    var underlying: String?
    var initialMargin: Wad?
    var maintenanceMargin: Wad?
    var takerFee: Wad?
    var liquidationPenalty: Wad?
    var unrealizedProfitCounts: Bool?
    var maxFundingRate: Wad?
    var fundingPeriodMs: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, underlying
        case initialMargin = "initial_margin"
        case maintenanceMargin = "maintenance_margin"
        case takerFee = "taker_fee"
        case liquidationPenalty = "liquidation_penalty"
        case unrealizedProfitCounts = "unrealized_profit_counts"
        case maxFundingRate = "max_funding_rate"
        case fundingPeriodMs = "funding_period_ms"
    }
}

struct WireOptionMarket: Decodable {
    var name: String?
    var underlying: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, underlying
    }
}

struct WireOracle: Decodable {
    var maxStalenessMs: Int64?
    var tradingStalenessMs: Int64?
    var jumpFactor: Wad?
    var maxConfidenceRatio: Wad?
    var maxDivergence: Wad?
    var maxTWAPRatio: Wad?
    var twapHalfLifeMs: Int64?
    var twapMaxStep: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxStalenessMs = "max_staleness_ms"
        case tradingStalenessMs = "trading_staleness_ms"
        case jumpFactor = "jump_factor"
        case maxConfidenceRatio = "max_confidence_ratio"
        case maxDivergence = "max_divergence"
        case maxTWAPRatio = "max_twap_ratio"
        case twapHalfLifeMs = "twap_half_life_ms"
        case twapMaxStep = "twap_max_step"
    }
}

struct WirePolicy: Decodable {
    var priceBand: WirePriceBand?
    var outflowLimit: WireOutflowLimit?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case priceBand = "price_band"
        case outflowLimit = "outflow_limit"
    }
}

struct WirePriceBand: Decodable {
    var enabled: Bool?
    var width: Wad?
    var referenceHalfLifeMs: Int64?
    var limitStateMs: Int64?
    var haltMs: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, width
        case referenceHalfLifeMs = "reference_half_life_ms"
        case limitStateMs = "limit_state_ms"
        case haltMs = "halt_ms"
    }
}

struct WireOutflowLimit: Decodable {
    var enabled: Bool?
    var maxShare: Wad?
    var refillMs: Int64?
    var inflowDecayMs: Int64?
    var minLiquidity: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case maxShare = "max_share"
        case refillMs = "refill_ms"
        case inflowDecayMs = "inflow_decay_ms"
        case minLiquidity = "min_liquidity"
    }
}

/// The keys allowed at each place in the YAML tree, from the wire types' coding keys.
enum ConfigSchema {
    static let allowedKeys: [String: [String]] = [
        "": keys(WireConfig.CodingKeys.self),
        "assets[]": keys(WireAsset.CodingKeys.self),
        "feeds[]": keys(WireFeed.CodingKeys.self),
        "pools[]": keys(WirePool.CodingKeys.self),
        "pools[].collateral[]": keys(WireCollateral.CodingKeys.self),
        "pools[].markets[]": keys(WireMarket.CodingKeys.self),
        "pools[].options[]": keys(WireOptionMarket.CodingKeys.self),
        "oracle": keys(WireOracle.CodingKeys.self),
        "policy": keys(WirePolicy.CodingKeys.self),
        "policy.price_band": keys(WirePriceBand.CodingKeys.self),
        "policy.outflow_limit": keys(WireOutflowLimit.CodingKeys.self),
    ]

    private static func keys<K: CodingKey & CaseIterable>(_ type: K.Type) -> [String] {
        type.allCases.map(\.stringValue)
    }
}
