import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats
import Foundation
import Testing

/// `chain.yml` loads with its defaults, and every mistake in it is found at load, before anything connects, each
/// naming its key path; a node's URL is never shown beyond scheme://host:port.
@Suite struct ChainConfigTests {
    @Test func theExampleLoadsWithItsDefaults() throws {
        let chain = try ChainFixtures.chain()
        #expect(chain.endpoints.map(\.redacted) == ["https://eth.example:8545"])
        #expect(chain.chainID == 1337 && chain.pollInterval == .milliseconds(250) && chain.confirmations == 0)
        #expect(chain.reorgWindow == 128 && chain.fromBlock == 0 && chain.maxBlockRange == 500)
        #expect(chain.mappings.map(\.kind) == [.deposit, .withdraw, .oracle, .trade])
        #expect(
            chain.watchedAddresses.map(\.description) == [ChainFixtures.vault, ChainFixtures.feed, ChainFixtures.perp]
        )
        #expect(chain.watchedTopics.count == 4)
    }

    /// Each case replaces one part of the example and expects one problem at one key path.
    @Test(arguments: [
        ("chain_id: 1337", "chain_id: 1337\nconfirmation: 2", "confirmation", "unknown key"),
        ("chain_id: 1337", "", "chain_id", "missing"),
        ("rpc: https://eth.example:8545/v3/secret-key", "rpc: ftp://eth.example/secret-key", "rpc", "not an http"),
        ("rpc: https://eth.example:8545/v3/secret-key", "rpc: [http://a.example, 'nota url']", "rpc[1]", "URL"),
        ("chain_id: 1337", "chain_id: 1337\nrpc_env: NODE", "rpc_env", "not both"),
        ("chain_id: 1337", "chain_id: 1337\nreorg_window: 0", "reorg_window", "at least 1"),
        ("{asset: USDC, address", "{asset: USDT, address", "tokens[0].asset", "unknown asset USDT"),
        ("\(ChainFixtures.weth)\", decimals", "\(ChainFixtures.usdc)\", decimals", "tokens[1].address", "listed twice"),
        ("decimals: 6}", "decimals: 99}", "tokens[0].decimals", "0 to 77"),
        ("{name: perp, address: \"0x1", "{name: perp, address: \"0xZ", "contracts[2].address", "40 hexadecimal"),
        (
            "contract: vault\n    signature: \"Withdraw", "contract: vat\n    signature: \"Withdraw",
            "events[1].contract", "unknown contract vat"
        ),
        ("kind: deposit", "kind: governance", "events[0].kind", "cannot come from a log"),
        ("Deposit(address indexed account,", "Deposit(address[] indexed account,", "events[0].signature", "address[]"),
        (
            "{pool: main}\n    map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "{pool: deep}\n    map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "events[0].set.pool", "unknown pool deep"
        ),
        (
            "map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "map: {account: who, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "events[0].map.account", "parameter who is not in Deposit"
        ),
        (
            "map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "map: {account: account, asset: token}\n  - contract: vault\n    signature: \"Withdraw",
            "events[0]", "deposit needs amount"
        ),
        (
            "map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "map: {account: amount, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "events[0].map.account", "cannot come from uint256"
        ),
        (
            "map: {account: account, asset: token, amount: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "map: {account: account, asset: token, amount: amount, size: amount}\n  - contract: vault\n    signature: \"Withdraw",
            "events[0].map.size", "not a field of deposit"
        ),
        ("{price: {param: current, decimals: 8}", "{price: {param: current}", "events[2].map.price", "needs decimals"),
        ("{param: updatedAt, unit: s}", "{param: updatedAt, unit: h}", "events[2].map.publish_ts.unit", "not a unit"),
        ("{param: updatedAt, unit: s}", "{param: updatedAt}", "events[2].map.publish_ts", "needs unit"),
        (
            "{param: updatedAt, unit: s}", "{param: updatedAt, unit: s, scale: 2}", "events[2].map.publish_ts.scale",
            "unknown key"
        ),
        (
            "set: {feed: chainlink-eth, asset: ETH}", "set: {feed: chainlink-eth, asset: BTC}", "events[2].set.asset",
            "prices ETH"
        ),
        ("negate_if: isSell}", "negate_if: side}", "events[3].map.size.negate_if", "not a bool"),
        (
            "{0: ETH-PERP, 1: BTC-PERP}", "{0: ETH-PERP, 1: SOL-PERP}", "events[3].map.market.values.1",
            "unknown market SOL-PERP"
        ),
        (
            "events:\n",
            "events:\n  - contract: vault\n    signature: \"Deposit(address indexed account, address indexed token, uint256 amount)\"\n    kind: lp_add\n    set: {pool: main}\n    map: {account: account, asset: token, amount: amount}\n",
            "events[1]", "same logs as events[0]"
        ),
        // A document that is not YAML is named by line, never quoted: the URL's key stays out of the message.
        ("chain_id: 1337", "chain_id: 1337\nchain_id: 1", "(document)", "given twice: chain_id"),
        ("chain_id: 1337", "chain_id: [1337", "(document)", "line"),
    ])
    func aMistakeIsNamedByItsKeyPath(original: String, replacement: String, key: String, message: String) throws {
        #expect(ChainFixtures.yaml.contains(original), "the case's original text is in the example")
        let text = ChainFixtures.yaml.replacingOccurrences(of: original, with: replacement)
        let error = #expect(throws: ConfigError.self) { try ChainFixtures.chain(text) }
        let issues = error?.issues ?? []
        #expect(issues.contains { $0.key == key && $0.message.contains(message) }, "\(issues)")
        #expect(!"\(issues)".contains("secret-key"))
    }

    @Test func theURLMayComeFromTheEnvironmentAndIsNeverShown() throws {
        let text = ChainFixtures.yaml.replacingOccurrences(
            of: "rpc: https://eth.example:8545/v3/secret-key",
            with: "rpc_env: BREAKWATER_RPC"
        )
        let chain = try ChainFixtures.chain(
            text,
            environment: ["BREAKWATER_RPC": "https://user:pw@a.example/key1, http://127.0.0.1:8545"]
        )
        #expect(chain.endpoints.map(\.redacted) == ["https://a.example:443", "http://127.0.0.1:8545"])
        #expect(chain.endpoints.map(\.description) == chain.endpoints.map(\.redacted))
        let unset = #expect(throws: ConfigError.self) { try ChainFixtures.chain(text) }
        #expect(unset?.issues.map(\.key) == ["rpc_env"])
        let bad = #expect(throws: ConfigError.self) {
            try ChainFixtures.chain(text, environment: ["BREAKWATER_RPC": "mailto:secret-key@x"])
        }
        #expect(bad?.issues.map(\.key) == ["rpc_env"] && !"\(bad?.issues ?? [])".contains("secret-key"))
    }
}
