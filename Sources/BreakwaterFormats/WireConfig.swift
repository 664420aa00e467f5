import BreakwaterCore

/// The YAML config as written: names instead of ids, every key optional so defaults can apply.
struct WireConfig: Decodable {
    var version: Int?
    var name: String?
    var assets: [WireAsset]?
    var feeds: [WireFeed]?
    var pools: [WirePool]?
    var stream: WireSection?
    var oracle: WireSection?
    var policy: WirePolicy?
    var governance: WireGovernance?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, name, assets, feeds, pools, stream, oracle, policy, governance
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

/// The `policy` section as decoded: only the response table; the thresholds are read by ``ThresholdReader``.
struct WirePolicy: Decodable {
    var responses: [WireResponseRule]?
}

/// A section read some other way: decoding accepts anything.
struct WireSection: Decodable {
    init(from decoder: any Decoder) throws {}
}

struct WireResponseRule: Decodable {
    var signal: String?
    var severity: String?
    var action: String?
    var durationMs: Int64?
    var exits: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case signal, severity, action, exits
        case durationMs = "duration_ms"
    }
}

/// The `governance` section as written: keys as `ed25519:HEX` text.
struct WireGovernance: Decodable {
    var domain: String?
    var guardians: WireGuardians?
    var operators: [String]?
    var operatorBounds: WireOperatorBounds?
    var dao: WireDAO?
    var insurance: WireInsurance?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case domain, guardians, operators, dao, insurance
        case operatorBounds = "operator_bounds"
    }
}

struct WireInsurance: Decodable {
    var autoPayout: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case autoPayout = "auto_payout"
    }
}

struct WireGuardians: Decodable {
    var keys: [String]?
    var threshold: Int?
    var supermajority: Int?
    var pauseMs: Int64?
    var reviewMs: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case keys, threshold, supermajority
        case pauseMs = "pause_ms"
        case reviewMs = "review_ms"
    }
}

struct WireOperatorBounds: Decodable {
    var minMaxShare: Wad?
    var minBandWidth: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minMaxShare = "min_max_share"
        case minBandWidth = "min_band_width"
    }
}

struct WireDAO: Decodable {
    var voters: [WireVoter]?
    var proposalThreshold: Wad?
    var votingPeriodMs: Int64?
    var quorum: Wad?
    var approval: Wad?
    var timelockMs: Int64?
    var shortTimelockMs: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case voters, quorum, approval
        case proposalThreshold = "proposal_threshold"
        case votingPeriodMs = "voting_period_ms"
        case timelockMs = "timelock_ms"
        case shortTimelockMs = "short_timelock_ms"
    }
}

struct WireVoter: Decodable {
    var key: String?
    var power: Wad?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, power
    }
}

/// The keys allowed at each place in the YAML tree, from the wire types' coding keys.
enum ConfigSchema {
    static let allowedKeys: [String: [String]] = {
        var allowed: [String: [String]] = [
            "": keys(WireConfig.CodingKeys.self),
            "assets[]": keys(WireAsset.CodingKeys.self),
            "feeds[]": keys(WireFeed.CodingKeys.self),
            "pools[]": keys(WirePool.CodingKeys.self),
            "pools[].collateral[]": keys(WireCollateral.CodingKeys.self),
            "pools[].markets[]": keys(WireMarket.CodingKeys.self),
            "pools[].options[]": keys(WireOptionMarket.CodingKeys.self),
            "policy": ["responses"],
            "policy.responses[]": keys(WireResponseRule.CodingKeys.self),
            "governance": keys(WireGovernance.CodingKeys.self),
            "governance.guardians": keys(WireGuardians.CodingKeys.self),
            "governance.operator_bounds": keys(WireOperatorBounds.CodingKeys.self),
            "governance.dao": keys(WireDAO.CodingKeys.self),
            "governance.dao.voters[]": keys(WireVoter.CodingKeys.self),
            "governance.insurance": keys(WireInsurance.CodingKeys.self),
        ]
        // Every threshold key, and the mappings on the way to it.
        for threshold in Threshold.all {
            let components = threshold.key.split(separator: ".").map(String.init)
            for depth in 1..<components.count {
                let parent = components[..<depth].joined(separator: ".")
                if !(allowed[parent] ?? []).contains(components[depth]) {
                    allowed[parent, default: []].append(components[depth])
                }
            }
        }
        return allowed
    }()

    private static func keys<K: CodingKey & CaseIterable>(_ type: K.Type) -> [String] { StrictYAML.keys(type) }
}
