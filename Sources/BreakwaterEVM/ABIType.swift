/// A Solidity ABI type that an event parameter may have: what Breakwater reads from logs.
public enum ABIType: Sendable, Hashable, CustomStringConvertible {
    case address
    case bool
    /// `uint8` … `uint256`.
    case uint(bits: Int)
    /// `int8` … `int256`.
    case int(bits: Int)
    /// `bytes1` … `bytes32`.
    case fixedBytes(Int)
    /// Dynamic `bytes`.
    case bytes
    case string

    /// The type named `text`, as a signature writes it (`uint` and `int` are 256 bits).
    ///
    /// - Throws: ``ABIError`` (`badType`) for a name that is not one of these types: arrays, tuples and fixed-point
    ///   numbers are not read.
    public init(_ text: String) throws(ABIError) {
        switch text {
        case "address": self = .address
        case "bool": self = .bool
        case "bytes": self = .bytes
        case "string": self = .string
        case "uint": self = .uint(bits: 256)
        case "int": self = .int(bits: 256)
        default:
            if let bits = Self.width(of: text, after: "uint"), bits % 8 == 0, (8...256).contains(bits) {
                self = .uint(bits: bits)
            } else if let bits = Self.width(of: text, after: "int"), bits % 8 == 0, (8...256).contains(bits) {
                self = .int(bits: bits)
            } else if let size = Self.width(of: text, after: "bytes"), (1...32).contains(size) {
                self = .fixedBytes(size)
            } else {
                throw ABIError(
                    .badType,
                    "\"\(text)\" is not a type Breakwater reads: address, bool, uintN, intN, bytesN, bytes or string"
                )
            }
        }
    }

    /// The number after `prefix` in `text`, when `text` is `prefix` and digits.
    private static func width(of text: String, after prefix: String) -> Int? {
        guard text.hasPrefix(prefix), text.count > prefix.count else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.first != "0" else { return nil }
        return Int(digits)
    }

    /// Whether its value lies outside the head of the data (it is found through an offset).
    public var isDynamic: Bool { self == .bytes || self == .string }

    /// The canonical name, as the event's topic hashes it: `uint256`, never `uint`.
    public var description: String {
        switch self {
        case .address: "address"
        case .bool: "bool"
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .fixedBytes(let size): "bytes\(size)"
        case .bytes: "bytes"
        case .string: "string"
        }
    }
}
