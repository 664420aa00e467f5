import CBoringSHA256
import Testing

/// The shim hashes as SHA-256 does: the FIPS 180-4 examples, and lengths across the block boundary.
@Suite struct SHA256VectorTests {
    static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { breakwater_sha256($0.baseAddress, $0.count, &digest) }
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func theStandardsExamplesHash() {
        #expect(Self.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
        #expect(
            Self.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test func lengthsAroundABlockGiveDistinctDigests() {
        let digests = (50...130).map { Self.hex([UInt8](repeating: 7, count: $0)) }
        #expect(Set(digests).count == digests.count && digests.allSatisfy { $0.count == 64 })
    }
}
