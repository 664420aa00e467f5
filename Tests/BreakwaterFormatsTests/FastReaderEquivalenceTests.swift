import BreakwaterCore
import Foundation
import PropertyBased
import Testing

@testable import BreakwaterFormats

/// The fast reader and the reference reader agree on every line, valid or broken: the same event, or the same
/// error (line, field, message), and the same accounts interned in the same order.
@Suite struct FastReaderEquivalenceTests {
    let config = DefaultProtocol.config()

    @Test func theFastAndReferenceReadersAgreeOnGeneratedLines() async {
        await propertyCheck(count: 300, input: Gen.int64(in: 0 ... .max)) { seed in
            var lines = LineMaker(config: config, seed: UInt64(seed))
            var fast = EventDecoder(config: config)
            var reference = ReferenceEventDecoder(config: config)
            for number in 1...40 {
                let line = lines.next()
                let bytes = Array(line.utf8)
                let fastResult = Result { () throws(StreamError) in try fast.decode(bytes, number: number) }
                let referenceResult = Result { () throws(StreamError) in try reference.decode(bytes, number: number) }
                #expect(fastResult == referenceResult, "line: \(line)")
                if fastResult != referenceResult { return }
            }
            #expect(fast.accounts.names == reference.accounts.names)
        }
    }

    @Test func validLinesOfTheCommonShapeTakeTheFastPath() throws {
        var decoder = EventDecoder(config: config)
        var scanner = JSONLineScanner()
        let line = #"{"account":"trader-7","kind":"trade","market":"ETH-PERP","size":"-0.25","ts":1700000000000}"#
        let scanned = Array(line.utf8).withUnsafeBufferPointer { scanner.scan($0) }
        #expect(scanned)
        let event = try decoder.decode(Array(line.utf8), number: 1)
        #expect(
            event.payload == .trade(Trade(market: MarketID(0), account: AccountID(0), size: try Wad(parsing: "-0.25")))
        )
        #expect(decoder.accounts.names == ["trader-7"])
    }

    /// The word-at-a-time string scan finds the end of plain strings of every length, and leaves every string with
    /// a backslash, a control character or a non-ASCII byte, wherever it stands, to the reference.
    @Test func stringsAreScannedExactlyAtEveryLengthAndPosition() throws {
        var scanner = JSONLineScanner()
        for length in 0...40 {
            let value = String(repeating: "a", count: length)
            let line = Array(#"{"ts":1,"kind":"tick","tx":"\#(value)"}"#.utf8)
            #expect(line.withUnsafeBufferPointer { scanner.scan($0) })
            let span = try #require(scanner.string(.tx))
            #expect(span.end - span.start == length)
            for position in 0..<length {
                for special: UInt8 in [0x5C, 0x00, 0x1F, 0x80, 0xFF] {
                    var broken = line
                    broken[line.count - 2 - length + position] = special
                    #expect(
                        !broken.withUnsafeBufferPointer { scanner.scan($0) },
                        "byte \(special) at \(position) of \(length)"
                    )
                }
            }
        }
    }

    @Test(arguments: [
        #"{"ts":1,"kind":"tick","note":"caf\u00e9"}"#,
        #"{"ts":1.5,"kind":"tick"}"#,
        #"{"ts":01,"kind":"tick"}"#,
        #"{"ts":1,"kind":"tick","kind":"tick"}"#,
        #"{"ts":1,"kind":"tick","x":null}"#,
        #"{"ts":1,"kind":"tick","x":[1]}"#,
        "{\"ts\":1,\"kind\":\"tick\",\"account\":\"tr\u{e5}der\"}",
    ])
    func unusualLinesAreLeftToTheReference(line: String) {
        var scanner = JSONLineScanner()
        let scanned = Array(line.utf8).withUnsafeBufferPointer { scanner.scan($0) }
        #expect(!scanned)
    }
}

/// Writes seeded event lines, valid and broken, the way producers and corruption really write them.
private struct LineMaker {
    let config: ProtocolConfig
    var state: UInt64
    var time: Int64 = 1_700_000_000_000
    let encoder: EventEncoder
    var accounts = AccountDirectory()

    init(config: ProtocolConfig, seed: UInt64) {
        self.config = config
        state = seed
        encoder = EventEncoder(config: config)
        for name in ["alice", "bob", "carol", "lp-1"] { _ = accounts.intern(name) }
    }

    mutating func random(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[random(values.count)] }

    mutating func amount() -> Wad {
        let text = pick(["1", "0.5", "-2", "1300.25", "0", "0.000000000000000001", "123456789.123456789"])
        return (try? Wad(parsing: text)) ?? .one
    }

    mutating func account() -> AccountID {
        random(8) == 0 ? accounts.intern("new-\(random(1_000))") : AccountID(random(accounts.names.count))
    }

    mutating func event() -> Event {
        time += Int64(random(3) == 0 ? -5 : random(1_000))
        let pool = PoolID(random(config.pools.count))
        let asset = AssetID(random(config.assets.count))
        let market = MarketID(random(config.markets.count))
        let feed = FeedID(random(config.feeds.count))
        let series = OptionSeries(
            market: OptionMarketID(random(config.optionMarkets.count)),
            type: pick(OptionType.allCases),
            strike: amount(),
            expiry: Timestamp(milliseconds: time + Int64(random(100_000)) - 50_000)
        )
        let payload: Event.Payload =
            switch random(14) {
            case 0:
                .oracle(
                    OracleUpdate(
                        feed: feed,
                        asset: config.feed(feed).asset,
                        price: amount(),
                        confidence: random(2) == 0 ? amount() : nil,
                        publishTime: random(2) == 0 ? Timestamp(milliseconds: time - 100) : nil
                    )
                )
            case 1: .deposit(AssetMovement(pool: pool, account: account(), asset: asset, amount: amount()))
            case 2: .withdraw(AssetMovement(pool: pool, account: account(), asset: asset, amount: amount()))
            case 3: .lpAdd(AssetMovement(pool: pool, account: account(), asset: asset, amount: amount()))
            case 4: .lpRemove(AssetMovement(pool: pool, account: account(), asset: asset, amount: amount()))
            case 5:
                .transfer(
                    PoolTransfer(
                        account: account(),
                        asset: asset,
                        amount: amount(),
                        fromPool: pool,
                        toPool: PoolID(random(config.pools.count))
                    )
                )
            case 6:
                .trade(
                    Trade(
                        market: market,
                        account: account(),
                        size: amount(),
                        limitPrice: random(2) == 0 ? amount() : nil
                    )
                )
            case 7:
                .liquidate(
                    Liquidation(
                        account: account(),
                        pool: pool,
                        liquidator: random(2) == 0 ? account() : nil,
                        market: random(2) == 0 ? market : nil
                    )
                )
            case 8: .funding(market: market)
            case 9: .optionWrite(OptionWrite(series: series, account: account(), size: amount()))
            case 10:
                .optionBuy(
                    OptionPurchase(
                        series: series,
                        account: account(),
                        seller: account(),
                        size: amount(),
                        premium: amount()
                    )
                )
            case 11: .optionSettle(OptionSettlement(series: series, account: account()))
            case 12: .optionExpire(series)
            default: .tick
            }
        let provenance =
            random(4) == 0
            ? Event.Provenance(
                block: Int64(random(1_000_000)),
                transaction: "0x\(random(99_999))",
                logIndex: Int64(random(9))
            ) : nil
        return Event(timestamp: Timestamp(milliseconds: time), provenance: provenance, payload: payload)
    }

    mutating func next() -> String {
        var line = encoder.line(for: event(), accounts: accounts)
        if random(3) == 0 { line = shuffled(line) }
        for _ in 0..<(random(2) == 0 ? 0 : 1 + random(2)) { line = mutated(line) }
        return line
    }

    /// The same object with its members in another order (the generated lines hold no commas inside values).
    mutating func shuffled(_ line: String) -> String {
        var members = line.dropFirst().dropLast().split(separator: ",").map(String.init)
        for index in members.indices.reversed() { members.swapAt(index, random(index + 1)) }
        return "{" + members.joined(separator: ",") + "}"
    }

    mutating func replacing(_ line: String, key: String, with value: String) -> String {
        guard let range = line.range(of: "\"\(key)\":") else { return line }
        let rest = line[range.upperBound...]
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return String(line[..<range.upperBound]) + value + String(rest[end...])
    }

    mutating func mutated(_ line: String) -> String {
        var bytes = Array(line.utf8)
        switch random(16) {
        case 0:
            bytes = Array(bytes.prefix(random(bytes.count + 1)))
        case 1 where !bytes.isEmpty:
            bytes.remove(at: random(bytes.count))
        case 2:
            bytes.insert(pick(Array("\"\\{}[],: 0a.-e\t".utf8) + [0x7F, 0xC3, 0x00]), at: random(bytes.count + 1))
        case 3:
            return replacing(
                line,
                key: pick(["pool", "asset", "market", "feed", "kind", "from_pool", "option_type"]),
                with: pick(["\"nope\"", "\"ETH-OPT\"", "\"ETH-PERP\"", "\"Call\""])
            )
        case 4:
            return replacing(
                line,
                key: pick(["amount", "size", "price", "confidence", "strike", "premium"]),
                with: pick([
                    "1.5", "\"1.2.3\"", "\"1e5\"", "\"-\"", "\"0.0000000000000000001\"", "\"999999999999999999999999\"",
                    "\"\"", "null", "true",
                ])
            )
        case 5:
            return "{"
                + pick([
                    "\"note\":\"x\",", "\"flag\":false,", "\"n\":null,", "\"o\":{\"a\":1},", "\"k\":-7,",
                    "\"tx\":\"0x\\u0041\",",
                ]) + line.dropFirst()
        case 6:
            return String(line.dropLast())
                + pick([",\"kind\":\"tick\"}", ",\"ts\":5}", ",\"account\":\"alice\"}", "}", ",}"])
        case 7:
            return replacing(
                line,
                key: "ts",
                with: pick([
                    "\"2023-11-14T22:13:20Z\"", "1700000000000.5", "0123", "-5", "99999999999999999999", "\"soon\"",
                    "1e3", "null",
                ])
            )
        case 8:
            return replacing(
                line,
                key: pick(["account", "liquidator", "seller"]),
                with: pick(["\"\"", "\"tr\u{e5}der\"", "\"ali\\u0063e\"", "\"new-\(random(1_000))\"", "7"])
            )
        case 9:
            return line.replacingOccurrences(of: ":", with: ": ").replacingOccurrences(of: ",", with: " ,\t")
        case 10:
            return replacing(
                line,
                key: pick(["block", "log_index", "publish_ts", "expiry"]),
                with: pick(["\"3\"", "-1", "9223372036854775808", "1.0", "true", "\"2023-11-14T22:13:20Z\""])
            )
        case 11:
            return " " + line + pick([" ", "\r", "x", "\n"])
        case 12:
            return pick(["", "[]", "{}", "null", "\"line\"", "{\"ts\":1}", "{\"kind\":\"tick\"}"])
        case 13:
            return replacing(
                line,
                key: "kind",
                with: pick([
                    "\"lp_add\"", "\"tick\"", "\"Trade\"", "1", "\"oracle\"", "\"option_buy\"", "\"option_expire\"",
                ])
            )
        default:
            break
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
