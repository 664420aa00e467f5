import BreakwaterCore

/// A 20-byte account or contract address, written as Breakwater writes it: `0x` and 40 lower-case hexadecimal
/// digits.
public struct EVMAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The address of 20 `bytes`; `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// The address `text` spells: `0x` and 40 hexadecimal digits. Digits of mixed case must be the EIP-55 checksum
    /// (a copied address with a typo in it is caught); all lower or all upper case carries none.
    ///
    /// - Throws: ``ABIError`` (`badAddress`) saying what is wrong.
    public init(parsing text: String) throws(ABIError) {
        guard text.hasPrefix("0x"), text.utf8.count == 42, let bytes = Hex.decode(text.dropFirst(2)) else {
            throw ABIError(.badAddress, "\"\(text)\" is not 0x and 40 hexadecimal digits")
        }
        self.bytes = bytes
        let digits = text.dropFirst(2)
        let isMixedCase = digits.contains(where: \.isUppercase) && digits.contains(where: \.isLowercase)
        guard !isMixedCase || digits == Substring(checksummed.dropFirst(2)) else {
            throw ABIError(.badAddress, "\"\(text)\" has mixed case but not its EIP-55 checksum \(checksummed)")
        }
    }

    /// `0x` and 40 lower-case hexadecimal digits.
    public var description: String { "0x" + Hex.encode(bytes) }

    /// The EIP-55 spelling: a letter is upper case where the Keccak-256 of the lower-case digits has a high nibble.
    public var checksummed: String {
        let lower = Hex.encode(bytes)
        let hash = Keccak256.hash(lower)
        var text = "0x"
        for (index, digit) in lower.enumerated() {
            let nibble = index.isMultiple(of: 2) ? hash[index / 2] >> 4 : hash[index / 2] & 0x0f
            text.append(nibble >= 8 ? Character(digit.uppercased()) : digit)
        }
        return text
    }

    public static func < (lhs: EVMAddress, rhs: EVMAddress) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
