import BigInt
import BreakwaterCore
import BreakwaterEVM
import Testing

/// Signatures parse to their canonical form and topic; logs decode parameter by parameter, and a log that is not
/// what its signature says is an error that names the parameter, never a crash.
@Suite struct LogDecoderTests {
    static func word(_ value: BigUInt) -> [UInt8] {
        let bytes = Array(value.serialize())
        return [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }

    static func word(negative value: Int) -> [UInt8] { word((BigUInt(1) << 256) - BigUInt(-value)) }

    static let account: [UInt8] = (1...20).map { UInt8($0) }

    @Test func signaturesParseToTheirCanonicalFormAndTopic() throws {
        let deposit = try EventSignature(
            parsing: "Deposit(address indexed account, address indexed token, uint amount)"
        )
        #expect(deposit.canonical == "Deposit(address,address,uint256)")
        #expect(Hex.encode(deposit.topic) == "5548c837ab068cf56a2c2479df0882a4922fd203edb7517321831d95078c5f62")
        #expect(deposit.parameters.map(\.isIndexed) == [true, true, false])
        #expect(try EventSignature(parsing: "Paused()").canonical == "Paused()")
        let refused = [
            "Deposit", "(uint256 a)", "Deposit(uint256)", "Deposit(uint256 a, uint256 a)", "Deposit(uint7 a)",
            "Deposit(uint256[] a)", "Deposit(uint256 indexed)",
            "Deposit(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)",
        ]
        for text in refused { #expect(throws: ABIError.self, "\(text)") { try EventSignature(parsing: text) } }
    }

    @Test func topicsAndDataDecodeByName() throws {
        let signature = try EventSignature(
            parsing:
                "Trade(address indexed account, int256 indexed size, uint256 price, bool sell, string memo, bytes32 tag)"
        )
        let memo = Array("mango".utf8)
        var data = Self.word(1_234) + Self.word(1) + Self.word(BigUInt(4 * 32)) + Array(repeating: 7, count: 32)
        data += Self.word(BigUInt(memo.count)) + memo + [UInt8](repeating: 0, count: 32 - memo.count)
        let values = try LogDecoder(signature).decode(
            topics: [signature.topic, [UInt8](repeating: 0, count: 12) + Self.account, Self.word(negative: -5)],
            data: data
        )
        #expect(values["account"] == .address(EVMAddress(bytes: Self.account)!))
        #expect(values["size"] == .int(-5) && values["price"] == .uint(1_234) && values["sell"] == .bool(true))
        #expect(values["memo"] == .string("mango") && values["tag"] == .bytes([UInt8](repeating: 7, count: 32)))
        #expect(values["account"]?.description == "0x0102030405060708090a0b0c0d0e0f1011121314")
        #expect(values["size"]?.description == "-5" && values["sell"]?.description == "true")
    }

    @Test func aLogThatIsNotWhatItsSignatureSaysIsAnError() throws {
        let signature = try EventSignature(parsing: "Moved(address indexed account, uint8 amount, bytes note)")
        let decoder = LogDecoder(signature)
        let account = [UInt8](repeating: 0, count: 12) + Self.account
        let good = Self.word(3) + Self.word(64) + Self.word(0)
        #expect(throws: Never.self) { try decoder.decode(topics: [signature.topic, account], data: good) }
        let cases: [([[UInt8]], [UInt8], String)] = [
            ([Keccak256.hash("Other()"), account], good, "first topic"),
            ([signature.topic], good, "topics"),
            ([signature.topic, [UInt8](repeating: 1, count: 32)], good, "account"),
            ([signature.topic, account], Self.word(256) + Self.word(64) + Self.word(0), "amount"),
            ([signature.topic, account], Self.word(3) + Self.word(4_096), "note"),
            ([signature.topic, account], Self.word(3) + Self.word(64) + Self.word(1_000), "note"),
            ([signature.topic, account], Array(good.dropLast()), "data"),
        ]
        for (topics, data, needle) in cases {
            let error = #expect(throws: ABIError.self, "\(needle)") { try decoder.decode(topics: topics, data: data) }
            #expect(error?.code == .badLog && error?.message.contains(needle) == true, "\(error?.message ?? "")")
        }
    }
}
