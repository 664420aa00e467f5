/// A signed fixed-point decimal with 18 fractional digits, stored as an `Int128` count of 10⁻¹⁸ units.
///
/// `Wad` is the only representation of money, prices and quantities in Breakwater. Arithmetic never traps:
/// every operation that can overflow throws ``MoneyError``, and every operation that can lose precision takes an
/// explicit ``Rounding``. Products and quotients go through a 256-bit intermediate, so `483_000_000 × 0.91` works
/// even though the raw product of the two 18-decimal values does not fit in 128 bits.
public struct Wad: Sendable, Hashable, Comparable {
    /// The raw value in units of 10⁻¹⁸.
    public var raw: Int128

    /// The number of fractional decimal digits.
    public static let decimals = 18
    /// 10¹⁸, the raw value of one.
    public static let scale: Int128 = 1_000_000_000_000_000_000

    public static let zero = Wad(raw: 0)
    public static let one = Wad(raw: scale)

    /// Creates a value from its raw representation (units of 10⁻¹⁸).
    @inlinable public init(raw: Int128) { self.raw = raw }

    /// Creates a whole-number value. Every `Int64` fits, so this cannot fail.
    @inlinable public init(_ integer: Int64) { self.raw = Int128(integer) * Wad.scale }

    /// Creates a whole-number value from an `Int`.
    @inlinable public init(_ integer: Int) { self.init(Int64(integer)) }

    public static func < (lhs: Wad, rhs: Wad) -> Bool { lhs.raw < rhs.raw }

    /// A `Double` close to the value, for statistics only (detector baselines, scores, evidence), never for money.
    ///
    /// The whole part and the fraction convert separately, so a value with few digits, like `50000` or `0.15`,
    /// becomes the same `Double` as its literal, and thresholds compare as written. Plain arithmetic: the same bits
    /// on every platform.
    public var approximateDouble: Double {
        let magnitude = raw.magnitude
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        let low = UInt64(truncatingIfNeeded: magnitude)
        // `magnitude ÷ scale` by the reciprocal steps of `divideByScale`, keeping the remainder (shifted by 4).
        let upper = Wad.divideByNormalizedScale(high >> 60, high << 4 | low >> 60)
        let lower = Wad.divideByNormalizedScale(upper.remainder, low << 4)
        let whole = Double(upper.quotient) * 0x1p64 + Double(lower.quotient)
        let value = whole + Double(lower.remainder >> 4) / 1e18
        return raw < 0 ? -value : value
    }

    /// A `Double` within a rounding or two of the value, in a third of ``approximateDouble``'s time: for the
    /// statistics detectors keep on every event (prices, amounts, vaults), where the last bit does not matter.
    public var quickDouble: Double { DeterministicMath.double(raw) / 1e18 }

    public var isZero: Bool { raw == 0 }
    public var isNegative: Bool { raw < 0 }
    public var isPositive: Bool { raw > 0 }
    /// The sign: -1, 0 or 1.
    public var signum: Int { raw == 0 ? 0 : (raw < 0 ? -1 : 1) }

    /// The absolute value, or an overflow error for the single value whose magnitude does not fit.
    public func magnitude() throws(MoneyError) -> Wad {
        if raw >= 0 { return self }
        return try Wad.zero.subtracting(self)
    }

    /// The negated value, or an overflow error.
    public func negated() throws(MoneyError) -> Wad { try Wad.zero.subtracting(self) }
}

extension Wad: CustomStringConvertible {
    /// The exact decimal form, without trailing fractional zeros: `"1.5"`, `"-0.000000000000000001"`, `"42"`.
    public var description: String {
        String(unsafeUninitializedCapacity: Self.maximumDecimalLength) { writeDecimal(to: $0) }
    }

    /// Appends ``description``'s UTF-8 bytes to `bytes`, without making a `String`.
    public func appendDecimal(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maximumDecimalLength) { buffer in
            bytes.append(contentsOf: buffer[..<writeDecimal(to: buffer)])
        }
    }

    /// Sign, up to 21 whole digits, a point and 18 fractional digits.
    private static let maximumDecimalLength = 41

    /// Writes the decimal form at the start of `text` and returns its length.
    private func writeDecimal(to text: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        if raw < 0 {
            text[0] = UInt8(ascii: "-")
            count = 1
        }
        let scale = UInt128(Wad.scale)
        let wholeStart = count
        func writeWhole(_ value: some BinaryInteger) {
            var whole = value
            repeat {
                text[count] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
                count += 1
            } while whole > 0
        }
        // Most amounts fit 64 bits, whose division is several times faster than 128-bit.
        if let small = UInt64(exactly: raw.magnitude / scale) {
            writeWhole(small)
        } else {
            writeWhole(raw.magnitude / scale)
        }
        text[wholeStart..<count].reverse()
        var fraction = UInt64(raw.magnitude % scale)
        guard fraction != 0 else { return count }
        var digits = Wad.decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        text[count] = UInt8(ascii: ".")
        for position in stride(from: count + digits, to: count, by: -1) {
            text[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
        }
        return count + 1 + digits
    }
}
