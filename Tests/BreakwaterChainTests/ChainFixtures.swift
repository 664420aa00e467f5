import BigInt
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats

@testable import BreakwaterChain

/// A chain.yml for the default protocol, and logs built word by word as a node returns them.
enum ChainFixtures {
    static let vault = "0x1000000000000000000000000000000000000001"
    static let feed = "0x1000000000000000000000000000000000000002"
    static let perp = "0x1000000000000000000000000000000000000003"
    static let usdc = "0x2000000000000000000000000000000000000001"
    static let weth = "0x2000000000000000000000000000000000000002"
    static let alice = "0x00000000000000000000000000000000000a11ce"

    static let yaml = """
        rpc: https://eth.example:8545/v3/secret-key
        chain_id: 1337
        tokens:
          - {asset: USDC, address: "\(usdc)", decimals: 6}
          - {asset: ETH, address: "\(weth)", decimals: 18}
        contracts:
          - {name: vault, address: "\(vault)"}
          - {name: eth_usd_feed, address: "\(feed)"}
          - {name: perp, address: "\(perp)"}
        events:
          - contract: vault
            signature: "Deposit(address indexed account, address indexed token, uint256 amount)"
            kind: deposit
            set: {pool: main}
            map: {account: account, asset: token, amount: amount}
          - contract: vault
            signature: "Withdraw(address indexed account, address indexed token, uint256 amount)"
            kind: withdraw
            set: {pool: main}
            map: {account: account, asset: token, amount: amount}
          - contract: eth_usd_feed
            signature: "AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)"
            kind: oracle
            set: {feed: chainlink-eth, asset: ETH}
            map: {price: {param: current, decimals: 8}, publish_ts: {param: updatedAt, unit: s}}
          - contract: perp
            signature: "Trade(address indexed account, uint256 size, bool isSell, uint256 price, uint8 side)"
            kind: trade
            map:
              account: account
              size: {param: size, decimals: 18, negate_if: isSell}
              price: {param: price, decimals: 8}
              market: {param: side, values: {0: ETH-PERP, 1: BTC-PERP}}
        """

    static var config: ProtocolConfig { get throws { try ConfigLoader.load(yaml: DefaultProtocol.yaml) } }

    static func chain(_ text: String = yaml, environment: [String: String] = [:]) throws -> ChainConfig {
        try ChainConfig.load(yaml: text, protocol: try config, environment: environment)
    }

    static func word(_ value: BigUInt) -> [UInt8] {
        let bytes = Array(value.serialize())
        return [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }

    static func word(_ value: BigInt) -> [UInt8] {
        value.sign == .minus ? word((BigUInt(1) << 256) - value.magnitude) : word(value.magnitude)
    }

    static func word(_ address: String) throws -> [UInt8] {
        [UInt8](repeating: 0, count: 12) + (try EVMAddress(parsing: address)).bytes
    }

    static func log(
        _ contract: String,
        _ signature: String,
        topics: [[UInt8]],
        data: [UInt8],
        block: Int64 = 7,
        index: Int64 = 0
    ) throws -> ChainLog {
        ChainLog(
            address: try EVMAddress(parsing: contract),
            topics: [try EventSignature(parsing: signature).topic] + topics,
            data: data,
            blockNumber: block,
            blockHash: [UInt8](repeating: 0xbb, count: 32),
            transactionHash: [UInt8](repeating: 0xaa, count: 32),
            logIndex: index
        )
    }
}
