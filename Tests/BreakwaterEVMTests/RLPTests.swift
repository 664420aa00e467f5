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
}
