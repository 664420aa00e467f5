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
        #expect(
            config.optionMarket(config.optionMarketID(named: "BTC-OPT")!).underlying == config.assetID(named: "BTC")
        )
        #expect(config.policy.priceBand.width == (try Wad(parsing: "0.15")))
    }

    @Test func missingKeysTakeTheDocumentedDefaults() throws {
        let config = try ConfigLoader.load(
            yaml: """
                version: 1
                assets: [{ name: USDC, fixed_price: 1 }]
                pools: [{ name: p, quote: USDC, collateral: [{ asset: USDC }] }]
                """
        )
        #expect(config.oracle == OracleSettings())
        #expect(config.policy == Policy())
        #expect(
            config.pools[0].liquidationPenalty
                == ProtocolConfig.Pool(name: "", quote: AssetID(0), collateral: []).liquidationPenalty
        )
    }

    @Test func anUnknownKeyIsNamedWithItsPath() {
        var yaml = DefaultProtocol.yaml
        yaml = yaml.replacingOccurrences(of: "initial_margin: \"0.2\"", with: "initial_margn: \"0.2\"")
        let found = issues(yaml)
        #expect(found.map(\.key) == ["pools[1].markets[0].initial_margn"])
        let option = DefaultProtocol.yaml.replacingOccurrences(
            of: "{ name: BTC-OPT, underlying: BTC }",
            with: "{ name: BTC-OPT, underlying: BTC, strike: 1 }"
        )
        #expect(issues(option).map(\.key) == ["pools[0].options[1].strike"])
    }

    @Test func aBadValueIsNamedWithItsPath() {
        let yaml = DefaultProtocol.yaml.replacingOccurrences(of: "width: \"0.15\"", with: "width: wide")
        #expect(issues(yaml).map(\.key) == ["policy.price_band.width"])
        let margins = DefaultProtocol.yaml.replacingOccurrences(
            of: "maintenance_margin: \"0.1\"",
            with: "maintenance_margin: \"0.3\""
        )
        #expect(issues(margins).map(\.key) == ["pools[1].markets[0].initial_margin"])
    }

    @Test func theGovernanceSectionLoadsWithItsDefaultsAndNamesWhatIsWrong() throws {
        let key = { (byte: String) in "ed25519:" + String(repeating: byte, count: 64) }
        let base = """
            version: 1
            name: gov
            assets: [{ name: USDC, fixed_price: 1 }]
            pools: [{ name: p, quote: USDC, collateral: [{ asset: USDC }] }]

            """
        let config = try ConfigLoader.load(
            yaml: base + """
                governance:
                  guardians: { keys: ["\(key("a"))", "\(key("b"))", "\(key("c"))"], threshold: 2, supermajority: 3 }
                  dao:
                    voters: [{ key: "\(key("d"))", power: "10" }, { key: "\(key("e"))", power: "30" }]
                    quorum: "0.25"
                """
        )
        let governance = config.governance
        #expect(governance.domain == "gov", "the domain defaults to the config's name")
        #expect(governance.guardians.count == 3 && governance.guardians[0] == Array(repeating: 0xaa, count: 32))
        #expect(governance.guardianThreshold == 2 && governance.guardianSupermajority == 3)
        #expect(try governance.voters.totalPower() == Wad(40))
        #expect(governance.quorum == (try Wad(parsing: "0.25")))
        #expect(governance.timelockMilliseconds == GovernanceConfig(domain: "x").timelockMilliseconds)
        #expect(try ConfigLoader.load(yaml: base).governance.guardians.isEmpty, "no section: no keys")
        let wrong = issues(
            base + """
                governance:
                  guardians: { keys: ["\(key("a"))", "ed25519:zz"], threshold: 3, supermajority: 3, pause_ms: 1000 }
                  dao: { voters: [{ key: "\(key("d"))" }], quorum: "0.5", timelock_ms: 10 }
                """
        )
        #expect(
            Set(wrong.map(\.key)) == ["governance.guardians.keys[1]", "governance.dao.voters[0].power"],
            "\(wrong)"
        )
        #expect(
            issues(base + "governance: { operator_bounds: { min_width: \"0.1\" } }").map(\.key) == [
                "governance.operator_bounds.min_width"
            ]
        )
        let invalid = issues(
            base + """
                governance:
                  guardians: { keys: ["\(key("a"))", "\(key("b"))"], threshold: 3, supermajority: 2, pause_ms: 1000 }
                  dao: { quorum: "2", timelock_ms: 0 }
                """
        )
        #expect(
            Set(invalid.map(\.key)) == [
                "governance.guardians.threshold", "governance.guardians.supermajority", "governance.guardians.pause_ms",
                "governance.dao.quorum", "governance.dao.timelock_ms",
            ],
            "\(invalid)"
        )
    }

    @Test func unknownReferencesAndMissingKeysAreNamed() {
        let found = issues(
            """
            version: 1
            assets: [{ name: USDC, fixed_price: 1 }]
            feeds: [{ name: f, asset: DOGE }]
            pools: [{ quote: USDC, collateral: [{ asset: USDC }] }]
            """
        )
        #expect(found.map(\.key) == ["feeds[0].asset", "pools[0].name"])
    }

    @Test func notYAMLIsAClearError() {
        #expect(issues("version: [1").first?.message.contains("YAML") == true)
        #expect(issues("").first?.message == "the config is empty")
    }
}

@Suite struct PolicyConfigTests {
    let base = """
        version: 1
        assets: [{ name: USDC, fixed_price: 1 }]
        pools: [{ name: p, quote: USDC, collateral: [{ asset: USDC }] }]

        """

    func issues(_ yaml: String) -> [ConfigIssue] {
        do {
            _ = try ConfigLoader.load(yaml: base + yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func everyThresholdIsReadFromItsKey() throws {
        let config = try ConfigLoader.load(
            yaml: base + """
                oracle: { max_divergence: "0.07", trading_staleness_ms: 5000 }
                policy:
                  enforce: false
                  liquidation_grace_ms: 0
                  detectors:
                    volume: { warning_score: "9.5", enabled: false }
                    flash_loan: { window_ms: 1 }
                    insolvency: { enabled: false }
                """
        )
        #expect(config.oracle.maxDivergence == (try Wad(parsing: "0.07")))
        #expect(config.oracle.tradingStalenessMilliseconds == 5_000)
        #expect(config.policy.enforce == false)
        #expect(config.policy.liquidationGraceMilliseconds == 0)
        #expect(config.policy.detectors.volume.warningScore == (try Wad(parsing: "9.5")))
        #expect(!config.policy.detectors.volume.isEnabled)
        #expect(config.policy.detectors.flashLoan.windowMilliseconds == 1)
        #expect(!config.policy.detectors.insolvency)
        #expect(config.policy.responses == ResponseRule.defaults, "no table: the defaults")
        let explicit = ConfigLoader.explicitKeys(yaml: base + "policy: { enforce: false }")
        #expect(explicit.thresholds == ["policy.enforce"])
        #expect(!explicit.responses)
    }

    @Test func aBadThresholdIsNamedWithItsKey() {
        #expect(
            issues("policy: { detectors: { volume: { warning_score: wide } } }").map(\.key) == [
                "policy.detectors.volume.warning_score"
            ]
        )
        #expect(issues("policy: { enforce: \"yes\" }").map(\.message) == ["expected Bool"])
        #expect(issues("oracle: { max_staleness_ms: \"60000\" }").map(\.message) == ["expected Int64"])
        let unknown = issues("policy: { detectors: { volume: { warnin_score: \"1\" } } }")
        #expect(unknown.map(\.key) == ["policy.detectors.volume.warnin_score"])
        #expect(unknown.first?.message.contains("warning_score") == true)
        #expect(
            issues("policy: { detectors: { volume: { warning_score: \"9\", critical_score: \"8\" } } }").map(\.key) == [
                "policy.detectors.volume.critical_score"
            ]
        )
        #expect(issues("oracle: { trading_staleness_ms: 70000 }").map(\.key) == ["oracle.trading_staleness_ms"])
        #expect(issues("oracle: 5").map(\.key) == ["oracle"], "a section that is not a mapping")
        #expect(issues("policy: { detectors: { volume: off } }").map(\.message) == ["expected a mapping"])
    }

    @Test func aResponseTableReplacesTheDefaults() throws {
        let config = try ConfigLoader.load(
            yaml: base + """
                policy:
                  responses:
                    - { signal: flash_loan, severity: critical, action: pause_pool, exits: blocked }
                    - { signal: wash_trading, action: halt, duration_ms: 60000 }
                """
        )
        #expect(
            config.policy.responses == [
                ResponseRule(signal: .flashLoan, minimumSeverity: .critical, response: .pausePool, blocksExits: true),
                ResponseRule(
                    signal: .washTrading,
                    minimumSeverity: .warning,
                    response: .halt,
                    durationMilliseconds: 60_000
                ),
            ]
        )
        #expect(try ConfigLoader.load(yaml: base + "policy: { responses: [] }").policy.responses.isEmpty)
    }

    @Test func aBadResponseIsNamedWithItsKey() {
        let unknown = issues("policy: { responses: [{ signal: rug_pull, action: halt, duration_ms: 1 }] }")
        #expect(unknown.map(\.key) == ["policy.responses[0].signal"])
        #expect(unknown.first?.message.contains("flash_loan") == true, "lists the known kinds")
        #expect(
            issues("policy: { responses: [{ signal: flash_loan, action: pause_pool, duration_ms: 5 }] }").map(\.key)
                == ["policy.responses[0].duration_ms"]
        )
        #expect(
            issues("policy: { responses: [{ signal: flash_loan, action: freeze }] }").map(\.key) == [
                "policy.responses[0].duration_ms"
            ]
        )
        #expect(
            issues("policy: { responses: [{ signal: flash_loan, action: freeze, duration_ms: 9, exits: blocked }] }")
                .map(\.key) == ["policy.responses[0].exits"]
        )
        #expect(
            issues("policy: { responses: [{ signal: flash_loan, action: nap, duration_ms: 9 }] }").map(\.key) == [
                "policy.responses[0].action"
            ]
        )
        #expect(
            issues("policy: { responses: [{ signal: flash_loan, action: halt, duration_ms: 9, scope: pool }] }").map(
                \.key
            ) == ["policy.responses[0].scope"]
        )
    }

    @Test func theExplanationListsEveryThresholdWithItsSource() {
        let yaml = base + "policy: { price_band: { width: \"0.1\" } }"
        let config = try! ConfigLoader.load(yaml: yaml)
        let explanation = PolicyExplanation(config: config, yaml: yaml)
        #expect(explanation.thresholds.map(\.key) == Threshold.all.map(\.key))
        let width = explanation.thresholds.first { $0.key == "policy.price_band.width" }
        #expect(width?.value == "\"0.1\"")
        #expect(width?.source == "config")
        #expect(explanation.thresholds.filter { $0.source == "config" }.count == 1)
        #expect(explanation.responses.source == "default")
        #expect(explanation.responses.rules.count == ResponseRule.defaults.count)
        #expect(explanation.text().contains("policy.price_band.width"))
    }
}

@Suite struct EmbeddedPolicyTests {
    /// The embedded config writes out the documented defaults: loading it gives the same policy as no keys at all.
    @Test func theEmbeddedPolicyIsTheDefaultPolicy() throws {
        let config = try ConfigLoader.load(yaml: DefaultProtocol.yaml)
        #expect(config.policy == Policy())
        #expect(config.oracle == OracleSettings())
    }
}

/// A policy file replacing the policy section of a config, for counterfactual replays.
@Suite struct PolicyOverrideTests {
    @Test func aPolicyFileReplacesOnlyThePolicy() throws {
        for policy in ["price_band:\n  width: \"0.05\"\n", "policy:\n  price_band:\n    width: \"0.05\"\n"] {
            let (config, text) = try ConfigLoader.load(yaml: DefaultProtocol.yaml, policy: policy)
            let original = try ConfigLoader.load(yaml: DefaultProtocol.yaml)
            #expect(config.policy.priceBand.width == (try Wad(parsing: "0.05")))
            #expect(
                config.pools == original.pools && config.feeds == original.feeds && config.oracle == original.oracle
            )
            #expect(try ConfigLoader.load(yaml: text) == config, "the merged text loads to the same config")
        }
    }

    @Test func aBadPolicyIsNamedByItsKey() {
        #expect {
            _ = try ConfigLoader.load(yaml: DefaultProtocol.yaml, policy: "price_band:\n  widht: \"0.05\"\n")
        } throws: { error in
            "\(error)".contains("policy.price_band.widht: unknown key")
        }
        #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.load(yaml: DefaultProtocol.yaml, policy: "- 1\n- 2\n")
        }
        #expect(throws: ConfigError.self) { _ = try ConfigLoader.load(yaml: DefaultProtocol.yaml, policy: "") }
    }
}
