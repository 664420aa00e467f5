extension RLP {
    /// The item `bytes` encode, read strictly: every length canonical (a single byte below 0x80 is never prefixed, no
    /// length has leading zeros or could have been written shorter), lists nested at most ``maxDepth`` deep, and
    /// nothing after the item.
    ///
    /// - Throws: ``ABIError`` `badValue` naming the offset of what is wrong.
    public init(decoding bytes: [UInt8]) throws(ABIError) {
        var offset = 0
        self = try Self.item(in: bytes, at: &offset, end: bytes.count, depth: 0)
        guard offset == bytes.count else {
            throw ABIError(.badValue, "RLP: \(bytes.count - offset) bytes after the item, at offset \(offset)")
        }
    }

    /// The byte string this item holds, or `nil` for a list.
    public var byteString: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    /// How deep lists may nest: a transaction nests two deep; the bound keeps hostile bytes off the stack.
    public static let maxDepth = 16

    private static func item(in bytes: [UInt8], at offset: inout Int, end: Int, depth: Int) throws(ABIError) -> RLP {
        guard offset < end else { throw ABIError(.badValue, "RLP: an item ends early, at offset \(offset)") }
        let prefix = bytes[offset]
        let start = offset
        offset += 1
        switch prefix {
        case ..<0x80:
            return .bytes([prefix])
        case ..<0xc0:
            let count = try length(prefix, base: 0x80, in: bytes, at: &offset, end: end)
            if count == 1, bytes[offset] < 0x80 {
                throw ABIError(.badValue, "RLP: a single byte below 0x80 is prefixed, at offset \(start)")
            }
            defer { offset += count }
            return .bytes(Array(bytes[offset..<offset + count]))
        default:
            guard depth < maxDepth else {
                throw ABIError(.badValue, "RLP: lists nested deeper than \(maxDepth), at offset \(start)")
            }
            let count = try length(prefix, base: 0xc0, in: bytes, at: &offset, end: end)
            let listEnd = offset + count
            var items: [RLP] = []
            while offset < listEnd { items.append(try item(in: bytes, at: &offset, end: listEnd, depth: depth + 1)) }
            return .list(items)
        }
    }

    /// The payload length a prefix gives, with the offset moved past the prefix; the payload lies before `end`.
    private static func length(
        _ prefix: UInt8,
        base: UInt8,
        in bytes: [UInt8],
        at offset: inout Int,
        end: Int
    ) throws(ABIError) -> Int {
        let start = offset - 1
        var count = Int(prefix - base)
        if count > 55 {
            let lengthBytes = count - 55
            guard offset + lengthBytes <= end, bytes[offset] != 0 else {
                throw ABIError(.badValue, "RLP: a bad length at offset \(start)")
            }
            count = 0
            for byte in bytes[offset..<offset + lengthBytes] {
                guard count < Int.max >> 16 else { throw ABIError(.badValue, "RLP: a length too large at \(start)") }
                count = count << 8 | Int(byte)
            }
            offset += lengthBytes
            guard count > 55 else { throw ABIError(.badValue, "RLP: a long length that fits short, at \(start)") }
        }
        guard count <= end - offset else {
            throw ABIError(.badValue, "RLP: an item of \(count) bytes runs past its end, at offset \(start)")
        }
        return count
    }
}
