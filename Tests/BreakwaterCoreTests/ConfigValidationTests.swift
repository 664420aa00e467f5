import BreakwaterCore
import Testing

@Suite struct ConfigValidationTests {
    @Test func theTestProtocolIsValid() {
        #expect(TestProtocol.config().validate().isEmpty)
    }

    @Test func marginsMustBeOrdered() {
        var config = TestProtocol.config()
        config.markets[1].maintenanceMargin = config.markets[1].initialMargin
        let issues = config.validate()
        #expect(issues.map(\.key) == ["pools[1].markets[0].initial_margin"])
    }

    @Test func namesMustBeUniqueAndReferencesValid() {
        var config = TestProtocol.config()
        config.pools[1].name = "main"
        config.feeds[0].asset = AssetID(7)
        let keys = config.validate().map(\.key)
        #expect(keys.contains("pools[1].name"))
        #expect(keys.contains("feeds[0].asset"))
    }

    @Test func aPricedAssetNeedsAFeed() {
        var config = TestProtocol.config()
        config.feeds = []
        #expect(config.validate().map(\.key) == ["assets[1]"])
    }

    @Test func policyThresholdsAreChecked() {
        var config = TestProtocol.config()
        config.oracle.jumpFactor = .one
        config.policy.priceBand.width = .one
        config.policy.outflowLimit.maxShare = .zero
        let keys = Set(config.validate().map(\.key))
        #expect(keys == ["oracle.jump_factor", "policy.price_band.width", "policy.outflow_limit.max_share"])
    }

    /// Regression: a duplicate market name was reported as `markets[1].name`, a key that does not exist in YAML.
    @Test func aDuplicateMarketNameIsKeyedInsideItsPool() {
        var config = TestProtocol.config()
        config.markets[1].name = config.markets[0].name
        #expect(config.validate().map(\.key) == ["pools[1].markets[0].name"])
    }

    @Test func optionMarketsShareTheMarketNamespaceAndLockTheirUnderlying() {
        var config = TestProtocol.config()
        config.optionMarkets[1].name = "ETH-PERP"
        #expect(config.validate().map(\.key) == ["pools[1].options[0].name"])
        config = TestProtocol.config()
        config.optionMarkets[0].underlying = TestProtocol.usdc
        #expect(config.validate().map(\.key) == ["pools[0].options[0].underlying"])
    }
}
