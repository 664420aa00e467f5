/// Keccak-256, the hash of Ethereum: event topics, function selectors, addresses and transactions.
///
/// It is the Keccak sponge as submitted to the SHA-3 competition, with Keccak's own padding (`0x01 … 0x80`), not
/// the `0x06` of the later FIPS 202 SHA3-256: the two give different digests. No package in reach provides it.
public enum Keccak256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var sponge = Sponge()
        for byte in bytes { sponge.absorb(byte) }
        return sponge.squeeze()
    }

    /// The digest of `text`'s UTF-8 bytes: `hash("Transfer(address,address,uint256)")` is a topic.
    public static func hash(_ text: String) -> [UInt8] { hash(text.utf8) }

    /// 1,088 bits absorbed per permutation: the capacity is twice the 256-bit output.
    private static let rate = 136

    /// The state and the block being filled.
    private struct Sponge {
        var state = [UInt64](repeating: 0, count: 25)
        var block = [UInt8](repeating: 0, count: Keccak256.rate)
        var filled = 0

        mutating func absorb(_ byte: UInt8) {
            block[filled] = byte
            filled += 1
            if filled == Keccak256.rate { absorbBlock() }
        }

        mutating func squeeze() -> [UInt8] {
            // Keccak's padding: a 1 bit after the message, a 1 bit at the end of the block (in one byte when they
            // meet).
            for index in filled..<Keccak256.rate { block[index] = 0 }
            block[filled] |= 0x01
            block[Keccak256.rate - 1] |= 0x80
            absorbBlock()
            var digest: [UInt8] = []
            digest.reserveCapacity(32)
            for lane in state.prefix(4) {
                for shift in stride(from: 0, to: 64, by: 8) {
                    digest.append(UInt8(truncatingIfNeeded: lane >> UInt64(shift)))
                }
            }
            return digest
        }

        private mutating func absorbBlock() {
            for lane in 0..<Keccak256.rate / 8 {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(block[lane * 8 + byte]) << UInt64(8 * byte) }
                state[lane] ^= word
            }
            filled = 0
            Keccak256.permute(&state)
        }
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ and π, χ, ι over the 5 × 5 lanes.
    private static func permute(_ a: inout [UInt64]) {
        var c = [UInt64](repeating: 0, count: 5)
        var b = [UInt64](repeating: 0, count: 25)
        for round in 0..<24 {
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotate(c[(x + 1) % 5], 1)
                for y in stride(from: 0, to: 25, by: 5) { a[y + x] ^= d }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotate(a[x + 5 * y], rotations[x + 5 * y])
                }
            }
            for y in stride(from: 0, to: 25, by: 5) {
                for x in 0..<5 { a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]) }
            }
            a[0] ^= roundConstants[round]
        }
    }

    private static func rotate(_ value: UInt64, _ count: Int) -> UInt64 {
        count == 0 ? value : (value << UInt64(count)) | (value >> UInt64(64 - count))
    }

    /// ρ's rotation of each lane, by `x + 5y`.
    private static let rotations = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]

    /// ι's constants, one per round.
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
}
