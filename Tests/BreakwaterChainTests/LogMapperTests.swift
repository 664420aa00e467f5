import BigInt
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats
import Foundation
import PropertyBased
import Testing

/// Logs become the events chain.yml maps them to, written as lines the stream's own reader reads back to the same
/// events; a log whose values cannot be named is an error that points at it, never a crash.
@Suite struct LogMapperTests {
    typealias F = ChainFixtures
    static let deposit = "Deposit(address indexed account, address indexed token, uint256 amount)"
    static let answer = "AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)"
    static let trade = "Trade(address indexed account, uint256 size, bool isSell, uint256 price, uint8 side)"
    static let blockTime = Timestamp(milliseconds: 1_700_000_000_000)

    static func mapper() throws -> LogMapper { LogMapper(config: try F.config, chain: try F.chain()) }

    /// The event, its line, and the event the stream's reader reads from that line.
    static func mapped(_ log: ChainLog) throws -> (event: Event, line: String, readBack: Event) {
        var mapper = try mapper()
        let event = try #require(try mapper.event(for: log, at: blockTime))
        let line = mapper.line(for: event)
        var decoder = EventDecoder(config: try F.config)
        let readBack = try decoder.decode(Array(line.utf8), number: 1)
        return (event, line, readBack)
    }

    @Test func aDepositTakesItsTokensDecimalsAndNamesItsAccount() throws {
        let log = try F.log(
            F.vault,
            Self.deposit,
            topics: [try F.word(F.alice), try F.word(F.usdc)],
            data: F.word(BigUInt(1_234_500_000)),
            index: 3
        )
        let (event, line, readBack) = try Self.mapped(log)
        let tx = "0x" + String(repeating: "aa", count: 32)
        let block = "0x" + String(repeating: "bb", count: 32)
        #expect(
            line
                == #"{"account":"\#(F.alice)","amount":"1234.5","asset":"USDC","block":7,"block_hash":"\#(block)","kind":"deposit","log_index":3,"pool":"main","ts":1700000000000,"tx":"\#(tx)"}"#
        )
        #expect(event.provenance == Event.Provenance(block: 7, transaction: tx, logIndex: 3, blockHash: block))
        #expect(readBack.payload.kind == .deposit && readBack.provenance == event.provenance)
    }

    @Test func anOracleAnswerTakesItsDecimalsAndItsTimeInSeconds() throws {
        let log = try F.log(
            F.feed,
            Self.answer,
            topics: [F.word(BigInt(200_012_345_678)), F.word(BigUInt(42))],
            data: F.word(BigUInt(1_699_999_990))
        )
        let (event, line, _) = try Self.mapped(log)
        guard case .oracle(let update) = event.payload else {
            Issue.record("not an oracle update: \(line)")
            return
        }
        #expect(update.price == (try Wad(parsing: "2000.12345678")))
        #expect(update.publishTime == Timestamp(milliseconds: 1_699_999_990_000))
        #expect(line.contains(#""feed":"chainlink-eth""#) && line.contains(#""asset":"ETH""#))
    }

    @Test func aSellIsANegativeSizeAndAValuesTableNamesTheMarket() throws {
        let data =
            F.word(BigUInt(2) * BigUInt(10).power(18)) + F.word(BigUInt(1)) + F.word(BigUInt(3_000_000_000_000))
            + F.word(BigUInt(1))
        let (event, _, readBack) = try Self.mapped(
            try F.log(F.perp, Self.trade, topics: [try F.word(F.alice)], data: data)
        )
        guard case .trade(let trade) = event.payload else {
            Issue.record("not a trade")
            return
        }
        #expect(trade.size == Wad(-2) && trade.limitPrice == Wad(30_000))
        #expect(trade.market == (try F.config).marketID(named: "BTC-PERP"))
        #expect(readBack == event)
    }

    @Test func aLogNoMappingTakesIsNotAnEvent() throws {
        var mapper = try Self.mapper()
        let other = try F.log(F.vault, "Paused(address by)", topics: [], data: try F.word(F.alice))
        #expect(try mapper.event(for: other, at: Self.blockTime) == nil)
        let elsewhere = try F.log(
            F.feed,
            Self.deposit,
            topics: [try F.word(F.alice), try F.word(F.usdc)],
            data: F.word(BigUInt(1))
        )
        #expect(try mapper.event(for: elsewhere, at: Self.blockTime) == nil)
    }

    @Test(arguments: [
        (
            "unknown token", "0x3000000000000000000000000000000000000003", BigUInt(1),
            "token 0x3000000000000000000000000000000000000003 is not in tokens"
        ),
        ("too large", ChainFixtures.weth, BigUInt(1) << 200, "beyond what an 18-decimal Int128 holds"),
    ])
    func aLogWhoseValuesCannotBeNamedPointsAtItself(
        name: String,
        token: String,
        amount: BigUInt,
        message: String
    ) throws {
        var mapper = try Self.mapper()
        let log = try F.log(
            F.vault,
            Self.deposit,
            topics: [try F.word(F.alice), try F.word(token)],
            data: F.word(amount),
            index: 9
        )
        let error = #expect(throws: ChainError.self) { try mapper.event(for: log, at: Self.blockTime) }
        #expect(error?.code == .badLog)
        #expect(error?.message.hasPrefix("block 7 tx 0xaaaa") == true && error?.message.contains("log 9") == true)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func aMalformedLogOrAnUnlistedValueIsAnError() throws {
        var mapper = try Self.mapper()
        let short = try F.log(F.perp, Self.trade, topics: [try F.word(F.alice)], data: F.word(BigUInt(1)))
        let shortError = #expect(throws: ChainError.self) { try mapper.event(for: short, at: Self.blockTime) }
        #expect(shortError?.message.contains("data") == true)
        let data = F.word(BigUInt(1)) + F.word(BigUInt(0)) + F.word(BigUInt(1)) + F.word(BigUInt(5))
        let unlisted = try F.log(F.perp, Self.trade, topics: [try F.word(F.alice)], data: data)
        let unlistedError = #expect(throws: ChainError.self) { try mapper.event(for: unlisted, at: Self.blockTime) }
        #expect(unlistedError?.message.contains("side = 5 is not in its values table") == true)
    }

    /// Two implementations agree: a raw amount with `d` decimals is the decimal number its digits spell.
    @Test func anAmountsDecimalsScaleItExactly() async throws {
        let config = try F.config
        await propertyCheck(count: 200, input: Gen.uint64(in: 0 ... .max), Gen.int(in: 0...30)) { raw, decimals in
            let yaml = F.yaml.replacingOccurrences(of: "decimals: 6}", with: "decimals: \(decimals)}")
            guard let chain = try? ChainConfig.load(yaml: yaml, protocol: config, environment: [:]) else {
                Issue.record("decimals \(decimals) does not load")
                return
            }
            var mapper = LogMapper(config: config, chain: chain)
            guard
                let log = try? F.log(
                    F.vault,
                    Self.deposit,
                    topics: [F.word(F.alice), F.word(F.usdc)],
                    data: F.word(BigUInt(raw))
                ),
                case .deposit(let movement)? = try? mapper.event(for: log, at: Self.blockTime)?.payload
            else {
                Issue.record("\(raw) with \(decimals) decimals does not map")
                return
            }
            // The digits with a point `decimals` places from the right, cut after the 18th decimal.
            var digits = String(raw)
            digits = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
            let point = digits.index(digits.endIndex, offsetBy: -decimals)
            let fraction = digits[point...].prefix(18)
            let text = digits[..<point] + "." + (fraction.isEmpty ? "0" : fraction)
            #expect(movement.amount == (try? Wad(parsing: text)), "\(raw) with \(decimals) decimals")
        }
    }
}
