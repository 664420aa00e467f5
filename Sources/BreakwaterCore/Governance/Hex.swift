/// Bytes as lowercase hexadecimal, and back: how keys, signatures and hashes are written in text.
public enum Hex {
    /// `bytes` as lowercase hexadecimal, two digits a byte.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var index = 0
            for byte in bytes {
                text[index] = digit(byte >> 4)
                text[index + 1] = digit(byte & 0x0f)
                index += 2
            }
            return index
        }
    }

    /// The lowercase hexadecimal digit of `value`, from 0 to 15.
    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// The bytes `text` spells in hexadecimal (either case), or `nil` if it is not an even run of hex digits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(of: digits[index]), let low = value(of: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// The value of one hexadecimal digit (either case), or `nil` if `digit` is not one.
    public static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension [UInt8] {
    /// The bytes as lowercase hexadecimal.
    public var hexString: String { Hex.encode(self) }
}

/// An Ed25519 public key as text: `ed25519:` and 64 hexadecimal digits, as key files, the config and the event
/// stream write it.
public enum PublicKeyText {
    public static let prefix = "ed25519:"

    /// `key` as text.
    public static func text(_ key: [UInt8]) -> String { prefix + Hex.encode(key) }

    /// The 32-byte key `text` spells, or `nil`.
    public static func key(_ text: String) -> [UInt8]? {
        guard text.hasPrefix(prefix), let bytes = Hex.decode(text.dropFirst(prefix.count)), bytes.count == 32 else {
            return nil
        }
        return bytes
    }
}
