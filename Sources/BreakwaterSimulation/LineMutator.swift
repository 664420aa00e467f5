public import BreakwaterCore
import BreakwaterFormats

/// Lines of the event stream as an adversary, or one bad byte, writes them: valid lines of ordinary activity and
/// of governance, then mutated (bytes flipped, lines cut, keys repeated, values of the wrong type, escapes,
/// integers at and beyond every range, times that do not exist, invalid UTF-8, control characters, deep nesting,
/// lines at and past `stream.max_line_bytes`). Seeded: the same seed, the same lines. What the test holding the two
/// readers equal and the readers' benchmark read.
public struct LineMutator: Sendable, IteratorProtocol {
    private var stream: MixedStream
    private var generator: SeededGenerator
    private let encoder: EventEncoder
    private let maxLineBytes: Int

    public init(config: ProtocolConfig, seed: UInt64) {
        stream = MixedStream(config: config, seed: seed, traders: 50)
        generator = SeededGenerator(seed: seed ^ 0x5EED)
        encoder = EventEncoder(config: config)
        maxLineBytes = Int(config.stream.maxLineBytes)
    }

    /// The next line, without its newline; never `nil`.
    public mutating func next() -> [UInt8]? {
        var line = Array(base().utf8)
        let mutations = pick([0, 0, 1, 1, 1, 2, 3])
        for _ in 0..<mutations { mutate(&line) }
        return line
    }

    private mutating func random(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &generator) }
    private mutating func pick<T>(_ values: [T]) -> T { values[random(values.count)] }

    /// A valid line: mostly ordinary activity, sometimes a line of governance or of the chain.
    private mutating func base() -> String {
        guard random(5) == 0 else { return encoder.line(for: stream.next()!, accounts: stream.accounts) }
        let key = String(repeating: "ab", count: 32)
        let hash = "0x" + String(repeating: "0f", count: 32)
        return pick([
            #"{"ts":1700000000000,"kind":"note","action":"acknowledge","by":"alice","incident":"I-1","text":"on it"}"#,
            #"{"ts":1700000000000,"kind":"vote","domain":"breakwater-reference","proposal":1,"support":"for","key":"ed25519:\#(key)","signature":"\#(key)\#(key)"}"#,
            #"{"ts":1700000000000,"kind":"signed_action","domain":"breakwater-reference","role":"guardian","action":"pause","pool":"alts","nonce":1,"expires_at":1700000700000,"signatures":[{"key":"ed25519:\#(key)","signature":"\#(key)\#(key)"}]}"#,
            #"{"ts":1700000000000,"kind":"block","block":17,"block_hash":"\#(hash)"}"#,
            #"{"ts":"2023-11-14T22:13:20.250Z","kind":"tick","block":18,"tx":"0xabc","log_index":3}"#,
            #"{"ts":1700000000000,"kind":"reorg","from_block":17,"to_block":18,"ancestor_block":16,"ancestor_hash":"\#(hash)"}"#,
        ])
    }

    private mutating func mutate(_ line: inout [UInt8]) {
        switch random(12) {
        case 0:
            if !line.isEmpty {
                line[random(line.count)] = pick([
                    0x00, 0x1F, 0x22, 0x5C, 0x7B, 0x7D, 0x2C, 0x80, 0xFF, UInt8(random(256)),
                ])
            }
        case 1:
            line = Array(line.prefix(random(line.count + 1)))
        case 2:
            repeatMember(&line)
        case 3:
            insert(member: "\"\(pick(Self.keys))\":\(pick(Self.values))", into: &line)
        case 4:
            let member = (key: pick(Self.integerKeys), value: pick(Self.integers))
            if random(2) == 0 || !replaceValue(of: member.key, with: member.value, in: &line) {
                insert(member: "\"\(member.key)\":\(member.value)", into: &line)
            }
        case 5:
            // A time that does not exist or is written oddly, or one far past the stream's: a slip, or a real gap.
            let time = random(2) == 0 ? "\"\(pick(Self.times))\"" : pick(Self.laterTimes)
            if !replaceValue(of: "ts", with: time, in: &line) {
                insert(member: "\"ts\":\"\(pick(Self.times))\"", into: &line)
            }
        case 6:
            insertInString(
                pick([
                    [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x01], [0x7F],
                    Array("é".utf8), Array(#"\u0041"#.utf8), Array(#"\ud800"#.utf8), Array(#"\n"#.utf8),
                    Array(#"\q"#.utf8),
                ]),
                into: &line
            )
        case 7:
            let depth = pick([1, 62, 63, 64, 65, 200])
            let close = random(8) == 0 ? depth - 1 : depth
            insert(
                member: "\"x\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: close),
                into: &line
            )
        case 8:
            // At, just under and just past the line limit.
            let target = maxLineBytes + pick([-1, 0, 1])
            let padding = max(0, target - line.count - 8)
            insert(member: "\"p\":\"" + String(repeating: "a", count: padding) + "\"", into: &line)
        case 9:
            // A trailing comma, or one missing.
            if let brace = line.lastIndex(of: UInt8(ascii: "}")) { line.insert(UInt8(ascii: ","), at: brace) }
        case 10:
            if let comma = line.firstIndex(of: UInt8(ascii: ",")) { line.remove(at: comma) }
        default:
            // An escaped key: the same key, written so the fast path leaves the line to the reference.
            if let quote = line.firstIndex(of: UInt8(ascii: "\"")), quote + 1 < line.count, line[quote + 1] < 0x80 {
                let escaped = "\\u00" + String(line[quote + 1], radix: 16).leftPaddedHex
                line.replaceSubrange(quote + 1...quote + 1, with: Array(escaped.utf8))
            }
        }
    }

    /// One `"key":value` member of the line, written again right after itself.
    private mutating func repeatMember(_ line: inout [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        let members = text.split(separator: ",", omittingEmptySubsequences: false)
        guard members.count > 1 else { return }
        let index = random(members.count - 1) + 1
        let member = members[index].hasSuffix("}") ? members[index].dropLast() : members[index]
        line = Array(
            (members[...index].joined(separator: ",") + "," + member + members[(index + 1)...].map { "," + $0 }.joined())
                .utf8
        )
        if !members[index].hasSuffix("}"), index == members.count - 1 { line.append(UInt8(ascii: "}")) }
    }

    /// The value of `key`'s first member, up to the next comma or brace, replaced by `value`; `false` when the line
    /// has no such member.
    private mutating func replaceValue(of key: String, with value: String, in line: inout [UInt8]) -> Bool {
        let pattern = Array("\"\(key)\":".utf8)
        guard pattern.count <= line.count,
            let start = (0...(line.count - pattern.count)).first(where: {
                line[$0..<$0 + pattern.count].elementsEqual(pattern)
            })
        else { return false }
        let valueStart = start + pattern.count
        let end = line[valueStart...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? line.count
        line.replaceSubrange(valueStart..<end, with: Array(value.utf8))
        return true
    }

    /// A member written right after the opening brace.
    private mutating func insert(member: String, into line: inout [UInt8]) {
        guard let brace = line.firstIndex(of: UInt8(ascii: "{")) else {
            line = Array(member.utf8) + line
            return
        }
        line.insert(contentsOf: Array((member + ",").utf8), at: brace + 1)
    }

    /// Bytes written inside a string value, after a random quote.
    private mutating func insertInString(_ bytes: [UInt8], into line: inout [UInt8]) {
        let quotes = line.indices.filter { line[$0] == UInt8(ascii: "\"") }
        guard !quotes.isEmpty else { return }
        line.insert(contentsOf: bytes, at: pick(quotes) + 1)
    }

    /// Every key of the format, and keys it does not have.
    private static let keys = [
        "ts", "kind", "block", "tx", "log_index", "block_hash", "from_block", "to_block", "ancestor_block",
        "ancestor_hash", "feed", "asset", "market", "price", "confidence", "publish_ts", "pool", "account", "amount",
        "size", "liquidator", "from_pool", "to_pool", "option_type", "strike", "expiry", "seller", "premium", "action",
        "domain", "role", "module", "parameters", "nonce", "expires_at", "signatures", "proposal", "support", "key",
        "signature", "by", "incident", "text", "zz", "extra",
    ]
    private static let values = [
        "5", "-1", "1.5", "true", "false", "null", "\"\"", "\"x\"", "\"1.5\"", "[]", "{}", "[1,2]", "{\"a\":\"b\"}",
        "\"ETH\"", "\"main\"", "\"tick\"", "[{\"key\":\"k\",\"signature\":\"s\"}]", "{\"a\":1,\"a\":2}",
    ]
    private static let integerKeys = [
        "ts", "block", "log_index", "publish_ts", "expiry", "from_block", "to_block", "ancestor_block", "nonce",
        "proposal", "expires_at",
    ]
    private static let integers = [
        "0", "-0", "1", "-1", "01", "1.0", "1e3", "1E400", "-", "1+4", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "999999999999999999", "1000000000000000000", "1700000000000", "1665410800492E06",
    ]
    /// Times more than a week past the stream's start (1 700 000 000 000): further, far, at the end of time. (A time
    /// within the week would be taken, and put the lines after it out of order: a reader of these lines starts
    /// afresh now and then for that.)
    private static let laterTimes = ["1701000000000", "1665410800492000000", "9223372036854775807"]
    private static let times = [
        "2023-11-14T22:13:20Z", "2023-11-14t22:13:20.5z", "2022-10-10T42:06:40.000Z", "2023-02-30T00:00:00Z",
        "2023-02-28T00:66:00Z", "2023-02-28T00:00:90Z", "2016-12-31T23:59:60Z", "2017-06-30T23:59:60Z",
        "2023-11-15T00:13:20+02:00", "2023-11-14 22:13:20Z", "not a time", "",
    ]
}

extension String {
    /// Two hexadecimal digits, for a `\u00XX` escape.
    fileprivate var leftPaddedHex: String { count < 2 ? "0" + self : self }
}
