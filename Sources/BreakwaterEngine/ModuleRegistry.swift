import BreakwaterCore
internal import CBoringSHA256

/// The protocol's replaceable parts, each with the versions it ran, identified by the hash of their content.
///
/// Two modules per market: `risk/MARKET`, its margins, fee and liquidation penalty; and `valuation/MARKET`, the code
/// that values its positions in an account's health, in a known-vulnerable version (`counts-unrealized-profit`,
/// the flaw Mango Markets' attacker used) and a fixed one (`realized-profit-only`). One per priced asset:
/// `oracle/ASSET`, the answer bounds of its feeds. One per pool: `withdrawal/POOL`, the code that checks a
/// withdrawal, in a fixed version (`health-checked`) and a known-vulnerable one (`skips-health-check`, which checks
/// only the balance and the vault, so an account may borrow without collateral). And `policy/detectors`, the
/// detectors' thresholds. A version's content is a set of named settings; the config gives each module's first
/// version (the fixed withdrawal code), and governed upgrades add the next ones.
public struct ModuleRegistry: Sendable, Hashable, Codable {
    /// One version of a module.
    public struct Version: Sendable, Hashable, Codable {
        /// The first 16 hexadecimal digits of the SHA-256 of `breakwater-module`, the module's name and its settings
        /// (`docs/governance.md`).
        public var hash: String
        public var settings: [String: String]
        /// When it was installed; `nil` for the config's.
        public var installedAt: Int64?
    }

    /// The versions installed in each module, oldest first; the last is the one running.
    public private(set) var installed: [String: [Version]] = [:]
    /// The module names, in config order.
    public let names: [String]

    public static let vulnerableValuation = "counts-unrealized-profit"
    public static let fixedValuation = "realized-profit-only"
    public static let checkedWithdrawal = "health-checked"
    public static let vulnerableWithdrawal = "skips-health-check"

    /// The modules of `config`, each at the version the config gives.
    init(config: ProtocolConfig) {
        var names: [String] = []
        for market in config.markets {
            let terms = MarketTerms(market)
            for (name, settings) in Self.modules(of: market.name, terms) {
                names.append(name)
                installed[name] = [Version(hash: Self.hash(name, settings), settings: settings, installedAt: nil)]
            }
        }
        for asset in config.assetIDs {
            let feeds = config.feeds.filter { $0.asset == asset }
            guard !feeds.isEmpty else { continue }
            let name = "oracle/" + config.asset(asset).name
            let settings = Self.oracleSettings(feeds.map { ($0.name, $0.minAnswer, $0.maxAnswer) })
            names.append(name)
            installed[name] = [Version(hash: Self.hash(name, settings), settings: settings, installedAt: nil)]
        }
        for pool in config.pools {
            let name = "withdrawal/" + pool.name
            let settings = ["code": Self.checkedWithdrawal]
            names.append(name)
            installed[name] = [Version(hash: Self.hash(name, settings), settings: settings, installedAt: nil)]
        }
        let policy = Self.detectorSettings(config.policy.detectors)
        names.append(Self.detectorPolicy)
        installed[Self.detectorPolicy] = [
            Version(hash: Self.hash(Self.detectorPolicy, policy), settings: policy, installedAt: nil)
        ]
        self.names = names
    }

    public static let detectorPolicy = "policy/detectors"

    /// The detector thresholds the `policy/detectors` module sets, by their config keys under `policy.detectors`.
    static var detectorThresholds: [(key: String, path: WritableKeyPath<DetectorSettings, Wad>)] {
        [
            ("volume.warning_score", \.volume.warningScore), ("volume.critical_score", \.volume.criticalScore),
            ("volume.min_notional", \.volume.minimumNotional), ("depletion.warning_share", \.depletion.warningShare),
            ("depletion.critical_share", \.depletion.criticalShare),
            ("depletion.min_liquidity", \.depletion.minimumLiquidity),
            ("profit.pool_share", \.profit.poolShare), ("profit.deposit_multiple", \.profit.depositMultiple),
            ("profit.min_profit", \.profit.minimumProfit), ("wash.pool_share", \.wash.poolShare),
            ("wash.size_tolerance", \.wash.sizeTolerance), ("flash_loan.pool_share", \.flashLoan.poolShare),
            ("cascade.warning_score", \.cascade.warningScore),
        ]
    }

    static func detectorSettings(_ detectors: DetectorSettings) -> [String: String] {
        Dictionary(uniqueKeysWithValues: detectorThresholds.map { ($0.key, detectors[keyPath: $0.path].description) })
    }

    /// The settings of an oracle module: each feed's `min_answer` and `max_answer`, `none` when it has none.
    static func oracleSettings(_ feeds: [(name: String, min: Wad?, max: Wad?)]) -> [String: String] {
        var settings: [String: String] = [:]
        for feed in feeds {
            settings[feed.name + ".min_answer"] = feed.min?.description ?? "none"
            settings[feed.name + ".max_answer"] = feed.max?.description ?? "none"
        }
        return settings
    }

    /// The version a module runs.
    public func current(_ name: String) -> Version? { installed[name]?.last }

    /// The modules that describe `terms` of the market named `market`, with their settings.
    static func modules(of market: String, _ terms: MarketTerms) -> [(String, [String: String])] {
        [
            (
                "risk/" + market,
                [
                    "initial_margin": terms.initialMargin.description,
                    "maintenance_margin": terms.maintenanceMargin.description,
                    "taker_fee": terms.takerFee.description,
                    "liquidation_penalty": terms.liquidationPenalty.description,
                ]
            ),
            ("valuation/" + market, ["code": terms.unrealizedProfitCounts ? vulnerableValuation : fixedValuation]),
        ]
    }

    mutating func install(_ settings: [String: String], in name: String, at time: Int64) -> Version {
        let version = Version(hash: Self.hash(name, settings), settings: settings, installedAt: time)
        installed[name, default: []].append(version)
        return version
    }

    /// Drops the running version of a module; the one before runs again.
    mutating func rollBack(_ name: String) {
        installed[name]?.removeLast()
    }

    /// The hash of a version: SHA-256 over `breakwater-module`, the name and each setting as `key=value`, one per line in
    /// key order.
    static func hash(_ name: String, _ settings: [String: String]) -> String {
        var text = "breakwater-module\n\(name)\n"
        for key in settings.keys.sorted() { text += "\(key)=\(settings[key] ?? "")\n" }
        let bytes = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: 32)
        breakwater_sha256(bytes, bytes.count, &digest)
        return String(Hex.encode(digest).prefix(16))
    }
}
