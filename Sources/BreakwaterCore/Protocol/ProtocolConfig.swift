/// The protocol Breakwater guards: assets, price feeds, pools with their collateral and markets, and the policy.
///
/// Names in the YAML config are resolved to ids at load, so the engine works on indices only. A config is
/// checked by ``validate()`` before use.
public struct ProtocolConfig: Sendable, Hashable, Codable {
    /// The config format version.
    public static let currentVersion = 1

    public var version: Int
    /// A label for reports.
    public var name: String
    public var assets: [Asset]
    public var feeds: [Feed]
    public var pools: [Pool]
    public var markets: [Market]
    public var optionMarkets: [OptionMarket]
    /// The oracle guard's thresholds.
    public var oracle: OracleSettings {
        get { thresholds.oracle }
        set { thresholds = Thresholds(oracle: newValue, policy: policy, governance: thresholds.governance) }
    }
    /// The detectors, breakers and responses.
    public var policy: Policy {
        get { thresholds.policy }
        set { thresholds = Thresholds(oracle: oracle, policy: newValue, governance: thresholds.governance) }
    }
    /// How the event stream is read.
    public var stream = StreamSettings()
    /// Who governs the deployment and by which rules.
    public var governance: GovernanceConfig {
        get { thresholds.governance ?? GovernanceConfig(domain: name) }
        set { thresholds = Thresholds(oracle: oracle, policy: policy, governance: newValue) }
    }
    /// The thresholds live behind one immutable reference: the config is copied into every engine and ledger, and a
    /// large struct is copied in full each time a method reads it from a mutating context.
    private var thresholds: Thresholds

    private final class Thresholds: Sendable, Hashable, Codable {
        let oracle: OracleSettings
        let policy: Policy
        /// `nil` until given: the default follows the config's name.
        let governance: GovernanceConfig?

        init(oracle: OracleSettings, policy: Policy, governance: GovernanceConfig?) {
            self.oracle = oracle
            self.policy = policy
            self.governance = governance
        }

        static func == (lhs: Thresholds, rhs: Thresholds) -> Bool {
            lhs.oracle == rhs.oracle && lhs.policy == rhs.policy && lhs.governance == rhs.governance
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(oracle)
            hasher.combine(policy)
            hasher.combine(governance)
        }
    }

    public init(
        version: Int = ProtocolConfig.currentVersion,
        name: String,
        assets: [Asset],
        feeds: [Feed],
        pools: [Pool],
        markets: [Market],
        optionMarkets: [OptionMarket] = [],
        oracle: OracleSettings = OracleSettings(),
        policy: Policy = Policy(),
        governance: GovernanceConfig? = nil
    ) {
        self.version = version
        self.name = name
        self.assets = assets
        self.feeds = feeds
        self.pools = pools
        self.markets = markets
        self.optionMarkets = optionMarkets
        thresholds = Thresholds(oracle: oracle, policy: policy, governance: governance)
    }

    /// A token: either priced by its feeds or at a fixed price (the quote asset).
    public struct Asset: Sendable, Hashable, Codable {
        public var name: String
        /// A constant price in the quote unit; `nil` means the price comes from the asset's feeds.
        public var fixedPrice: Wad?

        public init(name: String, fixedPrice: Wad? = nil) {
            self.name = name
            self.fixedPrice = fixedPrice
        }
    }

    /// One price source for one asset.
    public struct Feed: Sendable, Hashable, Codable {
        public var name: String
        public var asset: AssetID
        /// How often the feed promises a price; older, it is stale for trading. `nil`: the oracle's
        /// ``OracleSettings/tradingStalenessMilliseconds``.
        public var heartbeatMilliseconds: Int64? = nil
        /// The floor the feed's aggregator clamps to (Chainlink's `minAnswer`): a price at or below it is refused.
        public var minAnswer: Wad? = nil
        /// The ceiling the feed's aggregator clamps to (`maxAnswer`): a price at or above it is refused.
        public var maxAnswer: Wad? = nil

        public init(name: String, asset: AssetID) {
            self.name = name
            self.asset = asset
        }
    }

    /// An isolated compartment with its own vault, collateral, markets, LPs and insurance fund.
    public struct Pool: Sendable, Hashable, Codable {
        public var name: String
        /// The asset that PnL, fees, funding and insurance are settled in.
        public var quote: AssetID
        public var collateral: [Collateral]
        /// Share of trading fees that goes to the insurance fund; the rest goes to the LPs.
        public var insuranceFeeShare: Wad = Wad(raw: Wad.scale / 5)
        /// Discount at which a liquidated account's collateral is taken over, paid to the insurance fund.
        public var liquidationPenalty: Wad = Wad(raw: Wad.scale / 20)

        public init(name: String, quote: AssetID, collateral: [Collateral]) {
            self.name = name
            self.quote = quote
            self.collateral = collateral
        }
    }

    /// How an asset counts in a pool's health computation.
    ///
    /// A positive balance is worth `price × assetWeight`; a negative one (a borrow) costs `price × liabilityWeight`.
    /// Initial weights gate new risk; maintenance weights decide liquidation.
    public struct Collateral: Sendable, Hashable, Codable {
        public var asset: AssetID
        public var initialAssetWeight: Wad = .one
        public var maintenanceAssetWeight: Wad = .one
        public var initialLiabilityWeight: Wad = .one
        public var maintenanceLiabilityWeight: Wad = .one
        /// Whether accounts may withdraw more than they hold (borrow) of this asset.
        public var isBorrowable: Bool = true

        public init(asset: AssetID) {
            self.asset = asset
        }
    }

    /// A perpetual market on an underlying asset, inside one pool; the pool is the counterparty of every trade.
    public struct Market: Sendable, Hashable, Codable {
        public var name: String
        public var pool: PoolID
        public var underlying: AssetID
        public var initialMargin: Wad = Wad(raw: Wad.scale / 10)
        public var maintenanceMargin: Wad = Wad(raw: Wad.scale / 20)
        public var takerFee: Wad = Wad(raw: Wad.scale / 1000)
        /// Share of the closed notional taken from a liquidated position, paid to the insurance fund.
        public var liquidationPenalty: Wad = Wad(raw: Wad.scale / 40)
        /// Whether unrealized profit counts toward health (and so can be withdrawn or borrowed against).
        ///
        /// This is the setting the Mango Markets exploit (October 2022) abused.
        public var unrealizedProfitCounts: Bool = false
        /// Funding rate per ``fundingPeriodMilliseconds`` when open interest is entirely on one side.
        public var maxFundingRate: Wad = Wad(raw: Wad.scale / 1000)
        public var fundingPeriodMilliseconds: Int64 = 3_600_000

        public init(name: String, pool: PoolID, underlying: AssetID) {
            self.name = name
            self.pool = pool
            self.underlying = underlying
        }
    }
}

extension ProtocolConfig {
    /// European options on an underlying, inside one pool, in series written by accounts.
    ///
    /// A series (call or put, strike, expiry) exists from its first write. Calls lock one unit of the underlying
    /// per option, puts the strike in the pool's quote asset, so the locked collateral covers the worst payoff;
    /// settlement is in the quote asset at the guarded price at expiry.
    public struct OptionMarket: Sendable, Hashable, Codable {
        public var name: String
        public var pool: PoolID
        public var underlying: AssetID

        public init(name: String, pool: PoolID, underlying: AssetID) {
            self.name = name
            self.pool = pool
            self.underlying = underlying
        }
    }
}

extension ProtocolConfig {
    public func asset(_ id: AssetID) -> Asset { assets[Int(id.index)] }
    public func feed(_ id: FeedID) -> Feed { feeds[Int(id.index)] }
    public func pool(_ id: PoolID) -> Pool { pools[Int(id.index)] }
    public func market(_ id: MarketID) -> Market { markets[Int(id.index)] }
    public func optionMarket(_ id: OptionMarketID) -> OptionMarket { optionMarkets[Int(id.index)] }
    /// The pool a market belongs to.
    public func pool(of market: MarketID) -> PoolID { markets[Int(market.index)].pool }

    /// The id of the asset called `name`.
    public func assetID(named name: String) -> AssetID? { assets.firstIndex { $0.name == name }.map(AssetID.init) }
    /// The id of the feed called `name`.
    public func feedID(named name: String) -> FeedID? { feeds.firstIndex { $0.name == name }.map(FeedID.init) }
    /// The id of the pool called `name`.
    public func poolID(named name: String) -> PoolID? { pools.firstIndex { $0.name == name }.map(PoolID.init) }
    /// The id of the market called `name`.
    public func marketID(named name: String) -> MarketID? { markets.firstIndex { $0.name == name }.map(MarketID.init) }
    /// The id of the option market called `name`.
    public func optionMarketID(named name: String) -> OptionMarketID? {
        optionMarkets.firstIndex { $0.name == name }.map(OptionMarketID.init)
    }

    /// Every pool id in order.
    public var poolIDs: [PoolID] { pools.indices.map(PoolID.init) }
    /// Every market id in order.
    public var marketIDs: [MarketID] { markets.indices.map(MarketID.init) }
    /// Every option market id in order.
    public var optionMarketIDs: [OptionMarketID] { optionMarkets.indices.map(OptionMarketID.init) }
    /// Every asset id in order.
    public var assetIDs: [AssetID] { assets.indices.map(AssetID.init) }

    /// The markets of one pool, in config order.
    public func markets(in pool: PoolID) -> [MarketID] { marketIDs.filter { market($0).pool == pool } }

    /// The pools that hold an asset as collateral or trade a market on it, in config order.
    public func pools(using asset: AssetID) -> [PoolID] {
        poolIDs.filter { pool in
            self.pool(pool).collateral.contains { $0.asset == asset }
                || markets(in: pool).contains { market($0).underlying == asset }
        }
    }
}

extension ProtocolConfig {
    /// The same protocol without Breakwater: no automated response, a plain median of the feeds for prices, and no
    /// keys, so no signed governance acts either (people act on what Breakwater tells them).
    public var unguarded: ProtocolConfig {
        var config = self
        config.governance = GovernanceConfig(domain: governance.domain)
        config.policy = policy.disabled
        config.oracle = oracle.plainMedian
        for index in config.feeds.indices {
            config.feeds[index].heartbeatMilliseconds = nil
            config.feeds[index].minAnswer = nil
            config.feeds[index].maxAnswer = nil
        }
        return config
    }
}
