import BreakwaterCore
import BreakwaterFormats
import Foundation
import Testing

@Suite struct ConfigLoaderTests {
    func issues(_ yaml: String) -> [ConfigIssue] {
        do {
            _ = try ConfigLoader.load(yaml: yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func theDefaultProtocolLoads() throws {
        let config = try ConfigLoader.load(yaml: DefaultProtocol.yaml)
        #expect(config.pools.map(\.name) == ["main", "alts"])
        #expect(config.markets.map(\.name) == ["ETH-PERP", "BTC-PERP", "MNGO-PERP"])
        #expect(config.market(config.marketID(named: "MNGO-PERP")!).unrealizedProfitCounts)
        #expect(config.optionMarkets.map(\.name) == ["ETH-OPT", "BTC-OPT"])
        #expect(config.optionMarket(config.optionMarketID(named: "BTC-OPT")!).underlying == config.assetID(named: "BTC"))
        #expect(config.policy.priceBand.width == (try Wad(parsing: "0.15")))
    }

    @Test func missingKeysTakeTheDocumentedDefaults() throws {
        let config = try ConfigLoader.load(yaml: """
            version: 1
            assets: [{ name: USDC, fixed_price: 1 }]
            pools: [{ name: p, quote: USDC, collateral: [{ asset: USDC }] }]
            """)
        #expect(config.oracle == OracleSettings())
        #expect(config.policy == Policy())
        #expect(config.pools[0].liquidationPenalty == ProtocolConfig.Pool(name: "", quote: AssetID(0), collateral: []).liquidationPenalty)
    }

    @Test func anUnknownKeyIsNamedWithItsPath() {
        var yaml = DefaultProtocol.yaml
        yaml = yaml.replacingOccurrences(of: "initial_margin: \"0.2\"", with: "initial_margn: \"0.2\"")
        let found = issues(yaml)
        #expect(found.map(\.key) == ["pools[1].markets[0].initial_margn"])
        let option = DefaultProtocol.yaml.replacingOccurrences(of: "{ name: BTC-OPT, underlying: BTC }", with: "{ name: BTC-OPT, underlying: BTC, strike: 1 }")
        #expect(issues(option).map(\.key) == ["pools[0].options[1].strike"])
    }

    @Test func aBadValueIsNamedWithItsPath() {
        let yaml = DefaultProtocol.yaml.replacingOccurrences(of: "width: \"0.15\"", with: "width: wide")
        #expect(issues(yaml).map(\.key) == ["policy.price_band.width"])
        let margins = DefaultProtocol.yaml.replacingOccurrences(of: "maintenance_margin: \"0.1\"", with: "maintenance_margin: \"0.3\"")
        #expect(issues(margins).map(\.key) == ["pools[1].markets[0].initial_margin"])
    }

    @Test func unknownReferencesAndMissingKeysAreNamed() {
        let found = issues("""
            version: 1
            assets: [{ name: USDC, fixed_price: 1 }]
            feeds: [{ name: f, asset: DOGE }]
            pools: [{ quote: USDC, collateral: [{ asset: USDC }] }]
            """)
        #expect(found.map(\.key) == ["feeds[0].asset", "pools[0].name"])
    }

    @Test func notYAMLIsAClearError() {
        #expect(issues("version: [1").first?.message.contains("YAML") == true)
        #expect(issues("").first?.message == "the config is empty")
    }
}
