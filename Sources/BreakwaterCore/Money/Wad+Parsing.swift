extension Wad {
    /// Parses an exact decimal string such as `"1"`, `"-0.25"`, `"+3."` or `"1e-3"`-free plain notation.
    ///
    /// Accepted: an optional sign, digits, an optional point and up to 18 fractional digits. No exponent, no
    /// grouping, no surrounding spaces: a price feed that sends something else is a bad input, not a guess.
    ///
    /// - Throws: ``MoneyError`` with code `malformed`, `tooManyDecimals` or `overflow`.
    public init(parsing text: some StringProtocol) throws(MoneyError) {
        var text = String(text)
        let parsed = text.withUTF8 { Wad.parse(utf8: $0) }
        switch parsed {
        case .value(let value): self = value
        case .malformed: throw Wad.malformed(text)
        case .tooManyDecimals:
            throw MoneyError(
                code: .tooManyDecimals,
                message: "\"\(text)\" has more than \(Wad.decimals) decimal places"
            )
        case .overflow: throw Wad.outOfRange(text)
        }
    }

    /// The outcome of parsing bytes, without building a message: the fast stream reader's path.
    public enum ByteParse: Sendable, Hashable {
        case value(Wad)
        case malformed, tooManyDecimals, overflow
    }

    /// Parses the UTF-8 bytes of a decimal with the rules of ``init(parsing:)``, allocating nothing.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ByteParse {
        if let value = parseShort(bytes) { return .value(value) }
        return parseDigitByDigit(bytes)
    }

    /// ``parse(utf8:)`` for every input, one digit at a time in 128 bits: it defines the outcome and each error.
    static func parseDigitByDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteParse {
        var rest = bytes[...]
        var negative = false
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        var whole: Int128 = 0
        var fraction: Int128 = 0
        var fractionDigits = 0
        var wholeDigits = 0
        var seenPoint = false
        for byte in rest {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return .malformed }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .malformed }
            let digit = Int128(byte - UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= Wad.decimals else { return .tooManyDecimals }
                fraction = fraction * 10 + digit
            } else {
                wholeDigits += 1
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(digit)
                guard !o1, !o2 else { return .overflow }
                whole = next
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return .malformed }
        for _ in fractionDigits..<Wad.decimals { fraction *= 10 }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: Wad.scale)
        let (value, o2) = scaled.addingReportingOverflow(fraction)
        guard !o1, !o2 else { return .overflow }
        return .value(Wad(raw: negative ? -value : value))
    }

    /// A well-formed decimal of at most 18 whole and 18 fractional digits, read with 64-bit arithmetic; `nil` for
    /// anything else, which ``parseDigitByDigit(_:)`` reads and words.
    private static func parseShort(_ bytes: UnsafeBufferPointer<UInt8>) -> Wad? {
        var cursor = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            cursor = 1
        }
        var whole: UInt64 = 0
        let wholeStart = cursor
        while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10 {
            whole = whole &* 10 &+ UInt64(bytes[cursor] &- UInt8(ascii: "0"))
            cursor += 1
        }
        let wholeDigits = cursor - wholeStart
        var fraction: UInt64 = 0
        var fractionDigits = 0
        if cursor < bytes.count {
            guard bytes[cursor] == UInt8(ascii: ".") else { return nil }
            cursor += 1
            let fractionStart = cursor
            while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10 {
                fraction = fraction &* 10 &+ UInt64(bytes[cursor] &- UInt8(ascii: "0"))
                cursor += 1
            }
            fractionDigits = cursor - fractionStart
            guard cursor == bytes.count else { return nil }
        }
        guard wholeDigits <= 18, fractionDigits <= 18, wholeDigits + fractionDigits > 0 else { return nil }
        let raw = Int128(whole) * Wad.scale + Int128(fraction) * Int128(powerOfTen(Wad.decimals - fractionDigits))
        return Wad(raw: negative ? -raw : raw)
    }

    /// 10ⁿ for n from 0 to 18, as a constant table the compiler lays out (a `static let` array is initialized lazily
    /// and checked on every use).
    private static func powerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        default: 1_000_000_000_000_000_000
        }
    }

    private static func malformed(_ text: some StringProtocol) -> MoneyError {
        MoneyError(code: .malformed, message: "\"\(text)\" is not a decimal number")
    }

    private static func outOfRange(_ text: some StringProtocol) -> MoneyError {
        MoneyError(code: .overflow, message: "\"\(text)\" is outside the 18-decimal fixed-point range")
    }
}

extension Wad: Codable {
    /// Decodes from a decimal string. In YAML an unquoted number is a string scalar and parses exactly; in JSON a
    /// number is refused, since it may already have lost precision.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes as an exact decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
