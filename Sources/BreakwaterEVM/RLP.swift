/// Recursive Length Prefix, the encoding Ethereum signs and sends transactions in: an item is a string of bytes or a
/// list of items.
public enum RLP: Sendable, Hashable {
    case bytes([UInt8])
    case list([RLP])

    /// A non-negative integer as RLP writes it: big-endian bytes without leading zeros, zero as no bytes.
    public static func integer(_ value: some UnsignedInteger & FixedWidthInteger) -> RLP {
        .bytes(Array(bigEndianBytes(of: value).drop { $0 == 0 }))
    }

    /// A non-negative integer of big-endian `bytes` (a signature's `r` or `s`), as ``integer(_:)`` writes it.
    public static func integer(bigEndian bytes: [UInt8]) -> RLP { .bytes(Array(bytes.drop { $0 == 0 })) }

    /// The item's encoding.
    public var encoded: [UInt8] {
        var output: [UInt8] = []
        append(to: &output)
        return output
    }

    private func append(to output: inout [UInt8]) {
        switch self {
        case .bytes(let bytes):
            if bytes.count == 1, bytes[0] < 0x80 {
                output.append(bytes[0])
            } else {
                Self.appendLength(bytes.count, offset: 0x80, to: &output)
                output += bytes
            }
        case .list(let items):
            var payload: [UInt8] = []
            for item in items { item.append(to: &payload) }
            Self.appendLength(payload.count, offset: 0xc0, to: &output)
            output += payload
        }
    }

    /// The prefix of a string (`offset` 0x80) or a list (0xc0) of `count` bytes: one byte up to 55, else the length's
    /// own length and then the length.
    private static func appendLength(_ count: Int, offset: UInt8, to output: inout [UInt8]) {
        if count <= 55 {
            output.append(offset + UInt8(count))
        } else {
            let length = Array(bigEndianBytes(of: UInt64(count)).drop { $0 == 0 })
            output.append(offset + 55 + UInt8(length.count))
            output += length
        }
    }

    private static func bigEndianBytes<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
