extension Wad {
    /// `self + other`, or an overflow error.
    @inlinable public func adding(_ other: Wad) throws(MoneyError) -> Wad {
        let (sum, overflow) = raw.addingReportingOverflow(other.raw)
        if overflow { throw .overflow("\(self) + \(other)") }
        return Wad(raw: sum)
    }

    /// `self - other`, or an overflow error.
    @inlinable public func subtracting(_ other: Wad) throws(MoneyError) -> Wad {
        let (difference, overflow) = raw.subtractingReportingOverflow(other.raw)
        if overflow { throw .overflow("\(self) - \(other)") }
        return Wad(raw: difference)
    }

    /// `self × other`, rounded as asked, through a 256-bit intermediate.
    ///
    /// - Throws: ``MoneyError`` with code `overflow` only when the rounded result itself does not fit.
    @inlinable public func multiplied(by other: Wad, rounding: Rounding) throws(MoneyError) -> Wad {
        try Wad(raw: Wad.multiplyDivide(raw, other.raw, Wad.scale, rounding: rounding))
    }

    /// `self ÷ other`, rounded as asked, through a 256-bit intermediate.
    ///
    /// - Throws: ``MoneyError`` with code `divisionByZero` or `overflow`.
    @inlinable public func divided(by other: Wad, rounding: Rounding) throws(MoneyError) -> Wad {
        if other.raw == 0 { throw MoneyError(code: .divisionByZero, message: "\(self) ÷ 0") }
        return try Wad(raw: Wad.multiplyDivide(raw, Wad.scale, other.raw, rounding: rounding))
    }

    /// `self × numerator ÷ denominator` with a single rounding, for pro-rata shares.
    public func scaled(by numerator: Wad, over denominator: Wad, rounding: Rounding) throws(MoneyError) -> Wad {
        if denominator.raw == 0 { throw MoneyError(code: .divisionByZero, message: "\(self) × \(numerator) ÷ 0") }
        return try Wad(raw: Wad.multiplyDivide(raw, numerator.raw, denominator.raw, rounding: rounding))
    }

    /// `a × b ÷ d` on raw values with a 256-bit product and directional rounding.
    @usableFromInline
    static func multiplyDivide(_ a: Int128, _ b: Int128, _ d: Int128, rounding: Rounding) throws(MoneyError) -> Int128 {
        let negative = (a < 0) != (b < 0) && a != 0 && b != 0
        let resultNegative = negative != (d < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = d.magnitude
        // The quotient fits in 128 bits exactly when the high half is below the divisor.
        guard product.high < divisor else { throw .overflow("\(Wad(raw: a)) × \(Wad(raw: b)) ÷ \(Wad(raw: d))") }
        var (quotient, remainder) =
            if product.high == 0 {
                // A product that fits in 128 bits takes the hardware division.
                product.low.quotientAndRemainder(dividingBy: divisor)
            } else if let small = UInt64(exactly: divisor) {
                // Most products of two amounts do not fit, but the scale does fit in 64 bits: long division in
                // 64-bit digits, two hardware divisions, instead of the generic 256-bit algorithm.
                divide(product, by: small)
            } else {
                divisor.dividingFullWidth(product)
            }
        // Truncation rounds toward zero; move one unit away from zero when the direction asks for it.
        if remainder != 0 && (resultNegative ? rounding == .down : rounding == .up) {
            let (next, overflow) = quotient.addingReportingOverflow(1)
            guard !overflow else { throw .overflow("rounding \(Wad(raw: a)) × \(Wad(raw: b)) ÷ \(Wad(raw: d))") }
            quotient = next
        }
        if resultNegative {
            guard quotient <= UInt128(Int128.max) + 1 else { throw .overflow("\(Wad(raw: a)) × \(Wad(raw: b))") }
            return quotient == UInt128(Int128.max) + 1 ? Int128.min : -Int128(quotient)
        }
        guard quotient <= UInt128(Int128.max) else { throw .overflow("\(Wad(raw: a)) × \(Wad(raw: b))") }
        return Int128(quotient)
    }

    /// `dividend ÷ divisor` for a 64-bit divisor above the dividend's high half, so the quotient fits in 128 bits.
    @usableFromInline
    static func divide(_ dividend: (high: UInt128, low: UInt128), by divisor: UInt64) -> (UInt128, UInt128) {
        let upper = divisor.dividingFullWidth((high: UInt64(dividend.high), low: UInt64(dividend.low >> 64)))
        let lower = divisor.dividingFullWidth((high: upper.remainder, low: UInt64(truncatingIfNeeded: dividend.low)))
        return (UInt128(upper.quotient) << 64 | UInt128(lower.quotient), UInt128(lower.remainder))
    }

    /// The smaller of two values.
    @inlinable public static func min(_ a: Wad, _ b: Wad) -> Wad { a < b ? a : b }
    /// The larger of two values.
    @inlinable public static func max(_ a: Wad, _ b: Wad) -> Wad { a < b ? b : a }
}
