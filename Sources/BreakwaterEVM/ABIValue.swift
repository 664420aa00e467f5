public import BigInt
import BreakwaterCore

/// A value decoded from a log.
public enum ABIValue: Sendable, Hashable, CustomStringConvertible {
    case address(EVMAddress)
    case bool(Bool)
    case uint(BigUInt)
    case int(BigInt)
    /// `bytesN`, dynamic `bytes`, or the Keccak-256 a topic holds in place of an indexed `bytes` or `string`.
    case bytes([UInt8])
    case string(String)
}

extension ABIValue {
    /// The value as text: a number in decimal, `true` or `false`, an address or bytes as `0x` and lower-case
    /// hexadecimal, a string as itself. What a mapping's `values` table is keyed by.
    public var description: String {
        switch self {
        case .address(let address): address.description
        case .bool(let value): value ? "true" : "false"
        case .uint(let value): value.description
        case .int(let value): value.description
        case .bytes(let bytes): "0x" + Hex.encode(bytes)
        case .string(let text): text
        }
    }
}
