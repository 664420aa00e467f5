import BreakwaterCore
import BreakwaterEVM
import PropertyBased
import Testing

/// RLP as the Ethereum wiki's examples write it, and an encoding whose length prefixes read back what they wrap.
@Suite struct RLPTests {
    static func text(_ string: String) -> RLP { .bytes(Array(string.utf8)) }

    @Test func theWikisExamplesEncode() {
        let lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"
        let cases: [(RLP, String)] = [
            (Self.text("dog"), "83646f67"),
            (.list([Self.text("cat"), Self.text("dog")]), "c88363617483646f67"),
            (.bytes([]), "80"),
            (.list([]), "c0"),
            (.integer(UInt64(0)), "80"),
            (.bytes([0x00]), "00"),
            (.bytes([0x0f]), "0f"),
            (.integer(UInt64(15)), "0f"),
            (.integer(UInt64(1024)), "820400"),
            // The set-theoretical representation of three.
            (.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]), "c7c0c1c0c3c0c1c0"),
            (Self.text(lorem), "b838" + Hex.encode(Array(lorem.utf8))),
        ]
        for (item, encoded) in cases { #expect(Hex.encode(item.encoded) == encoded, "\(item)") }
    }

    @Test func anIntegerDropsItsLeadingZeros() {
        #expect(RLP.integer(bigEndian: [0, 0, 1, 2]) == .bytes([1, 2]))
        #expect(RLP.integer(UInt128(1) << 100).encoded.count == 1 + 13)
    }

    /// A long string's prefix holds its length's length, then its length: read back, they give the string.
    @Test func aStringOfAnyLengthIsPrefixedByItsLength() async {
        await propertyCheck(input: Gen.int(in: 0...70_000)) { count in
            let bytes = [UInt8](repeating: 0x99, count: count)
            let encoded = RLP.bytes(bytes).encoded
            let prefix = encoded[0]
            if count <= 55 {
                #expect(count == 1 ? encoded == [0x81, 0x99] : prefix == 0x80 + UInt8(count))
                #expect(encoded.count == count + 1)
            } else {
                let size = Int(prefix - 0xb7)
                let length = encoded[1...size].reduce(0) { $0 << 8 | Int($1) }
                #expect(length == count && encoded.count == 1 + size + count)
            }
        }
    }

    /// Decoding reads back every encoding: random trees of strings and lists.
    @Test func decodingReadsBackWhatEncodingWrites() async {
        let leaf = Gen.int(in: 0...80).map { RLP.bytes([UInt8](repeating: 0xa5, count: $0)) }
        let items = Gen.int(in: 0...6).map { width in
            RLP.list(
                (0..<width).map { index in .list([.bytes([UInt8(index)]), .bytes(Array(repeating: 7, count: 60))]) }
            )
        }
        await propertyCheck(input: leaf, items) { string, list in
            for item in [string, list, RLP.list([string, list, .list([])])] {
                #expect((try? RLP(decoding: item.encoded)) == item)
            }
        }
    }

    /// What no encoder writes is refused, not read some other way.
    @Test(arguments: [
        "8100",  // a single byte below 0x80, prefixed
        "b80100",  // a short length written long
        "b90001" + String(repeating: "00", count: 1),  // a length with a leading zero
        "83646f",  // shorter than its prefix says
        "83646f6700",  // a byte after the item
        "c383646f67",  // a list whose item runs past its end
        "",
    ])
    func aNonCanonicalOrCutEncodingIsRefused(hex: String) throws {
        #expect(throws: ABIError.self) { try RLP(decoding: try #require(Hex.decode(hex))) }
    }

    /// Lists nest at most `maxDepth` deep: deeper bytes are refused, not recursed into until the stack runs out.
    @Test func listsNestedTooDeepAreRefused() throws {
        func nested(_ depth: Int) -> RLP { (0..<depth).reduce(RLP.bytes([])) { inner, _ in .list([inner]) } }
        #expect(try RLP(decoding: nested(RLP.maxDepth).encoded) == nested(RLP.maxDepth))
        #expect(throws: ABIError.self) { try RLP(decoding: nested(RLP.maxDepth + 1).encoded) }
        #expect(throws: ABIError.self) { try RLP(decoding: nested(1_000).encoded) }
    }
}
