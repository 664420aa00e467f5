import ArgumentParser
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import Foundation
import Synchronization

/// A node answered from memory: a generated chain of the bundled contracts (`contracts/chain.yml`), as a node
/// writes its JSON-RPC answers. Blocks come every 12 s and carry `logsPerBlock` logs on average: deposits and
/// withdrawals of USDC at the vault, ETH prices from its feed, trades on the perpetual market. It counts the time
/// it spends answering, which the benchmark reports. ``FixtureServer`` serves it over
/// HTTP.
final class FixtureNode: RPCTransport {
    let head: Int64
    let chainID: UInt64
    let logsPerBlock: Double
    /// When blocks appear, if they do over time: block `n` at `start + n * interval`; all at once otherwise.
    let pace: (start: ContinuousClock.Instant, interval: Duration)?
    private let vault: String
    private let feed: String
    private let perp: String
    private let usdc: String
    private let depositTopic = FixtureNode.topic("Deposit(address,address,uint256)")
    private let withdrawTopic = FixtureNode.topic("Withdraw(address,address,uint256)")
    private let answerTopic = FixtureNode.topic("AnswerUpdated(int256,uint256,uint256)")
    private let tradeTopic = FixtureNode.topic("Trade(address,int256,uint256)")
    private let stopwatch = Stopwatch()
    private let sends = Mutex<ContinuousClock.Instant?>(nil)

    /// When the first `eth_sendRawTransaction` arrived, if one did.
    var firstSend: ContinuousClock.Instant? { sends.withLock { $0 } }

    /// The answers' time so far, in seconds.
    var secondsAnswering: Double { stopwatch.seconds }

    /// Adds up the time spent in the calls it times.
    final class Stopwatch: Sendable {
        private let nanoseconds = Atomic<UInt64>(0)

        /// The time so far, in seconds.
        var seconds: Double { Double(nanoseconds.load(ordering: .relaxed)) / 1e9 }

        func time<Value>(_ body: () throws -> Value) rethrows -> Value {
            let start = ProcessGauges.nanoseconds()
            defer { nanoseconds.add(ProcessGauges.nanoseconds() - start, ordering: .relaxed) }
            return try body()
        }
    }

    /// A chain of blocks 0 to `head` for the contracts of `chain`, which must name `vault`, `eth_usd_feed`, `perp`
    /// and the token of asset USDC.
    init(
        chain: ChainConfig,
        config: ProtocolConfig,
        head: Int64,
        logsPerBlock: Double,
        pace: (start: ContinuousClock.Instant, interval: Duration)? = nil
    ) throws {
        self.head = head
        self.logsPerBlock = logsPerBlock
        self.pace = pace
        chainID = chain.chainID
        func address(_ name: String) throws -> String {
            guard let contract = chain.contracts.first(where: { $0.name == name }) else {
                throw ValidationError("the bench's chain.yml needs a contract named \(name) (contracts/chain.yml)")
            }
            return contract.address.description
        }
        vault = try address("vault")
        feed = try address("eth_usd_feed")
        perp = try address("perp")
        guard let token = chain.tokens.first(where: { config.asset($0.asset).name == "USDC" }) else {
            throw ValidationError("the bench's chain.yml needs the USDC token (contracts/chain.yml)")
        }
        usdc = token.address.description
    }

    private static func topic(_ signature: String) -> String { "0x" + Hex.encode(Keccak256.hash(signature)) }

    /// When block `number` appears on the node.
    func appearance(of number: Int64) -> ContinuousClock.Instant? {
        pace.map { $0.start + $0.interval * Int(number) }
    }

    /// The newest block the node has now.
    private var newest: Int64 {
        guard let pace else { return head }
        let elapsed = ContinuousClock.now - pace.start
        return min(head, Int64(elapsed / pace.interval))
    }

    func post(_ body: [UInt8], to endpoint: RPCEndpoint, timeout: Duration) async throws -> [UInt8] {
        try answer(body)
    }

    /// The answer to a JSON-RPC request or batch, as a node writes it.
    func answer(_ body: [UInt8]) throws -> [UInt8] {
        try stopwatch.time { try answering(body) }
    }

    private func answering(_ body: [UInt8]) throws -> [UInt8] {
        let request = try JSONSerialization.jsonObject(with: Data(body))
        if let batch = request as? [[String: Any]] {
            return Array(("[" + batch.map(answer).joined(separator: ",") + "]").utf8)
        }
        guard let single = request as? [String: Any] else { throw FixtureError() }
        return Array(answer(single).utf8)
    }

    private struct FixtureError: Error {}

    private func answer(_ request: [String: Any]) -> String {
        let id = request["id"] as? Int ?? 0
        let params = request["params"] as? [Any] ?? []
        let result: String
        switch request["method"] as? String {
        case "eth_chainId": result = quantity(Int64(chainID))
        case "eth_blockNumber": result = quantity(newest)
        case "eth_getBlockByNumber": result = block(number(params.first))
        case "eth_getLogs":
            let filter = params.first as? [String: Any] ?? [:]
            result = logs(from: number(filter["fromBlock"]), to: number(filter["toBlock"]))
        // What an executor asks: a base fee of 1 gwei, a tip of 2, a pauser with nothing sent, a hash for each
        // transaction.
        case "eth_feeHistory": result = #"{"baseFeePerGas":["0x3b9aca00","0x3b9aca00"]}"#
        case "eth_maxPriorityFeePerGas": result = quantity(2_000_000_000)
        case "eth_getTransactionCount": result = quantity(0)
        case "eth_sendRawTransaction":
            let now = ContinuousClock.now
            sends.withLock { $0 = $0 ?? now }
            let raw = (params.first as? String).flatMap { Hex.decode($0.dropFirst(2)) } ?? []
            result = "\"0x" + Hex.encode(Keccak256.hash(raw)) + "\""
        default:
            return #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":-32601,"message":"method not found"}}"#
        }
        return #"{"jsonrpc":"2.0","id":\#(id),"result":\#(result)}"#
    }

    private func number(_ value: Any?) -> Int64 {
        guard let text = value as? String else { return 0 }
        return Int64(text.dropFirst(2), radix: 16) ?? 0
    }

    private func quantity(_ value: Int64) -> String { "\"0x" + String(value, radix: 16) + "\"" }

    private func word(_ value: Int64) -> String {
        let digits = String(UInt64(bitPattern: value), radix: 16)
        let fill = value < 0 ? "f" : "0"
        return String(repeating: fill, count: 64 - digits.count) + digits
    }

    private func hash(_ number: Int64) -> String { "\"0xb1" + word(number).dropFirst(2) + "\"" }

    private func timestamp(_ number: Int64) -> Int64 { 1_700_000_000 + 12 * number }

    private func block(_ number: Int64) -> String {
        guard (0...newest).contains(number) else { return "null" }
        return
            #"{"number":\#(quantity(number)),"hash":\#(hash(number)),"parentHash":\#(number == 0 ? "\"0x" + word(0) + "\"" : hash(number - 1)),"timestamp":\#(quantity(timestamp(number)))}"#
    }

    /// How many logs block `number` has: `logsPerBlock` on average, spread evenly.
    private func logCount(_ number: Int64) -> Int {
        Int((Double(number + 1) * logsPerBlock).rounded(.down)) - Int((Double(number) * logsPerBlock).rounded(.down))
    }

    private func logs(from first: Int64, to last: Int64) -> String {
        var entries: [String] = []
        let last = min(last, newest)
        guard first <= last else { return "[]" }
        for number in max(first, 0)...last {
            for index in 0..<logCount(number) {
                entries.append(log(number, index))
            }
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    /// ETH's price at block `number`, with the feed's 8 decimals: 2000 and a few dimes.
    private func price(_ number: Int64) -> Int64 { 200_000_000_000 + (number % 7) * 10_000_000 }

    /// Log `index` of block `number`: which event and its values follow from the two, through the log's place in
    /// the chain's order, so a chain with few logs has deposits, withdrawals, prices and trades in the same shares as
    /// one with many.
    private func log(_ number: Int64, _ index: Int) -> String {
        let ordinal = Int64((Double(number) * logsPerBlock).rounded(.down)) + Int64(index)
        // One of 100 accounts, 0x…01 to 0x…64, as an indexed address: twelve zero bytes, then the address. Each ten
        // logs are one account's: it deposits, then withdraws and trades against what it deposited.
        let account = "0x" + word(ordinal / 10 % 100 + 1)
        let token = "0x" + String(repeating: "0", count: 24) + usdc.dropFirst(2)
        let (address, topics, data): (String, [String], String)
        switch ordinal % 10 {
        case 0...3: (address, topics, data) = (vault, [depositTopic, account, token], word(100_000_000))
        case 4...5: (address, topics, data) = (vault, [withdrawTopic, account, token], word(10_000_000))
        case 6...8:
            (address, topics, data) = (
                feed, [answerTopic, "0x" + word(price(number)), "0x" + word(number)], word(timestamp(number))
            )
        default:
            // A trader's limit: the price with 1 % slippage, above it for a buy and below it for a sell.
            let buys = number % 2 == 0
            let size: Int64 = buys ? 100_000_000_000_000_000 : -100_000_000_000_000_000
            let limit = price(number) / 100 * (buys ? 101 : 99)
            (address, topics, data) = (perp, [tradeTopic, account], word(size) + word(limit))
        }
        let quoted = topics.map { "\"" + $0 + "\"" }.joined(separator: ",")
        return
            #"{"address":"\#(address)","topics":[\#(quoted)],"data":"0x\#(data)","blockNumber":\#(quantity(number)),"blockHash":\#(hash(number)),"transactionHash":"0x\#(word(number * 64 + Int64(index)))","logIndex":\#(quantity(Int64(index))),"removed":false}"#
    }
}
