import Foundation
import PropertyBased
import Testing

@testable import BreakwaterFormats

/// The hand-written event line is JSONEncoder's, byte for byte, whatever the strings hold.
@Suite struct JSONLineTests {
    static func reference(_ wire: WireEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(wire)) ?? Data(), as: UTF8.self)
    }

    /// Strings with quotes, backslashes, slashes, every control character, non-ASCII and emoji.
    static let text = Gen.oneOf(
        Gen.character(in: "\u{0}"..."\u{7F}").string(of: 0...12),
        Gen.character(in: "\u{80}"..."\u{2FFF}").string(of: 0...6),
        Gen.element(of: [
            "a\"b", "c\\d", "e/f", "\u{7F}", "é🦀", "\u{1F}\u{0}\u{8}\u{C}", "\u{2028}\u{2029}", "</script>", "ts", "",
        ]).compactMap { $0 }
    )

    @Test func everyLineIsJSONEncodersLine() async {
        await propertyCheck(count: 400, input: Self.text, Self.text, Self.text, Gen.int64(), Gen.uint64(), Gen.bool) {
            a,
            b,
            c,
            number,
            unsigned,
            full in
            var wire = WireEvent(ts: .milliseconds(number), kind: a)
            wire.account = b
            wire.tx = full ? c : nil
            wire.publishTs = .text(c)
            wire.logIndex = full ? number : nil
            wire.nonce = unsigned
            wire.parameters =
                full ? Dictionary([(a, b), (c, a), ("k", c)], uniquingKeysWith: { first, _ in first }) : nil
            wire.signatures = full ? [WireSignature(key: a, signature: nil), WireSignature(key: b, signature: c)] : nil
            wire.proposal = full ? unsigned : nil
            #expect(wire.jsonLine() == Self.reference(wire))
        }
    }

    /// Regression: parameter names were sorted with `String`'s `<`, which compares canonical equivalents equal, so
    /// U+1FD3 (equivalent to U+0390) came before U+127F; JSONEncoder sorts by UTF-8 bytes and puts it after.
    @Test func parameterNamesAreSortedByTheirBytes() {
        var wire = WireEvent(ts: .milliseconds(1), kind: "signed_action")
        wire.parameters = ["\u{1FD3}": "a", "\u{127F}": "b", "k": "c", "🦀": "d"]
        #expect(wire.jsonLine() == Self.reference(wire))
    }
}
