extension Wad {
    /// `self + other`, or an overflow error.
    @inlinable public func adding(_ other: Wad) throws(MoneyError) -> Wad {
        let (sum, overflow) = raw.addingReportingOverflow(other.raw)
        if overflow { throw Wad.overflow(self, "+", other) }
        return Wad(raw: sum)
    }

    /// `self - other`, or an overflow error.
    @inlinable public func subtracting(_ other: Wad) throws(MoneyError) -> Wad {
        let (difference, overflow) = raw.subtractingReportingOverflow(other.raw)
        if overflow { throw Wad.overflow(self, "-", other) }
        return Wad(raw: difference)
    }

    /// `self × other`, rounded as asked, through a 256-bit intermediate.
    ///
    /// - Throws: ``MoneyError`` with code `overflow` only when the rounded result itself does not fit.
    @inlinable public func multiplied(by other: Wad, rounding: Rounding) throws(MoneyError) -> Wad {
        // Weights and fixed prices are often exactly one: the product is then exact.
        if other.raw == Wad.scale { return self }
        return try Wad(raw: Wad.multiplyDivide(raw, other.raw, Wad.scale, rounding: rounding))
    }

    /// `self × other` rounded down and rounded up, from one product.
    ///
    /// - Throws: ``MoneyError`` with code `overflow` when either rounding does not fit.
    @inlinable public func multipliedBothWays(by other: Wad) throws(MoneyError) -> (down: Wad, up: Wad) {
        let (down, up) = try Wad.multiplyDivideBothWays(raw, other.raw, Wad.scale)
        return (Wad(raw: down), Wad(raw: up))
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

    /// `a × b ÷ d` on raw values with a 256-bit product and directional rounding; `d` is not zero.
    @usableFromInline
    static func multiplyDivide(_ a: Int128, _ b: Int128, _ d: Int128, rounding: Rounding) throws(MoneyError) -> Int128 {
        let negative = isNegativeQuotient(a, b, d)
        guard case (let quotient, let isExact)? = unsignedMultiplyDivide(a.magnitude, b.magnitude, d.magnitude) else {
            throw overflow(Wad(raw: a), "×", Wad(raw: b), "÷", Wad(raw: d))
        }
        // Truncation rounds toward zero; move one unit away from zero when the direction asks for it.
        let away = !isExact && (negative ? rounding == .down : rounding == .up)
        return try signed(away ? awayFromZero(quotient, a, b, d) : quotient, negative: negative, a, b)
    }

    /// ``multiplyDivide(_:_:_:rounding:)`` rounded down and rounded up, from one product.
    @usableFromInline
    static func multiplyDivideBothWays(_ a: Int128, _ b: Int128, _ d: Int128) throws(MoneyError) -> (Int128, Int128) {
        let negative = isNegativeQuotient(a, b, d)
        guard case (let quotient, let isExact)? = unsignedMultiplyDivide(a.magnitude, b.magnitude, d.magnitude) else {
            throw overflow(Wad(raw: a), "×", Wad(raw: b), "÷", Wad(raw: d))
        }
        let truncated = try signed(quotient, negative: negative, a, b)
        guard !isExact else { return (truncated, truncated) }
        let away = try signed(awayFromZero(quotient, a, b, d), negative: negative, a, b)
        return negative ? (away, truncated) : (truncated, away)
    }

    @inline(__always) @usableFromInline
    static func isNegativeQuotient(_ a: Int128, _ b: Int128, _ d: Int128) -> Bool {
        ((a < 0) != (b < 0) && a != 0 && b != 0) != (d < 0)
    }

    /// One unit further from zero than a truncated magnitude.
    @inline(__always) @usableFromInline
    static func awayFromZero(_ quotient: UInt128, _ a: Int128, _ b: Int128, _ d: Int128) throws(MoneyError) -> UInt128 {
        guard quotient != .max else { throw overflow(Wad(raw: a), "×", Wad(raw: b), "÷", Wad(raw: d), "rounding ") }
        return quotient + 1
    }

    /// A magnitude with its sign, or an overflow error when it does not fit.
    @inline(__always) @usableFromInline
    static func signed(_ magnitude: UInt128, negative: Bool, _ a: Int128, _ b: Int128) throws(MoneyError) -> Int128 {
        guard magnitude <= (negative ? Int128.min.magnitude : Int128.max.magnitude) else {
            throw overflow(Wad(raw: a), "×", Wad(raw: b))
        }
        return Int128(truncatingIfNeeded: negative ? 0 &- magnitude : magnitude)
    }

    /// `x × y ÷ d` truncated, and whether it is exact; `nil` when the quotient does not fit in 128 bits.
    ///
    /// The product is built from 64-bit limbs. A divisor that fits in 64 bits (the scale, for every
    /// multiplication) takes two 128-by-64-bit divisions; a wider one the generic full-width division.
    @usableFromInline @inline(__always)
    static func unsignedMultiplyDivide(_ x: UInt128, _ y: UInt128, _ d: UInt128) -> (UInt128, Bool)? {
        let (x1, x0) = (UInt64(truncatingIfNeeded: x >> 64), UInt64(truncatingIfNeeded: x))
        let (y1, y0) = (UInt64(truncatingIfNeeded: y >> 64), UInt64(truncatingIfNeeded: y))
        let low = x0.multipliedFullWidth(by: y0)
        var limbs = (low.low, low.high, UInt64(0), UInt64(0))
        if x1 != 0 || y1 != 0 {
            let cross0 = x0.multipliedFullWidth(by: y1)
            let cross1 = x1.multipliedFullWidth(by: y0)
            let top = x1.multipliedFullWidth(by: y1)
            // Middle limb: low.high + cross0.low + cross1.low, carrying into the next limbs.
            var carry: UInt64 = 0
            var overflow: Bool
            (limbs.1, overflow) = limbs.1.addingReportingOverflow(cross0.low)
            carry += overflow ? 1 : 0
            (limbs.1, overflow) = limbs.1.addingReportingOverflow(cross1.low)
            carry += overflow ? 1 : 0
            // Third limb: cross0.high + cross1.high + top.low + carry; the fourth collects its carries.
            var third = UInt128(cross0.high) + UInt128(cross1.high) + UInt128(top.low) + UInt128(carry)
            limbs.2 = UInt64(truncatingIfNeeded: third)
            third >>= 64
            limbs.3 = top.high + UInt64(truncatingIfNeeded: third)
        }
        if d == UInt128(Wad.scale) {
            guard limbs.3 == 0, limbs.2 < Wad.unsignedScale else { return nil }
            return divideByScale(limbs.2, limbs.1, limbs.0)
        }
        if d >> 64 == 0 {
            let divisor = UInt64(truncatingIfNeeded: d)
            // The quotient fits in 128 bits exactly when the part above the low 128 bits is below the divisor.
            guard limbs.3 == 0, limbs.2 < divisor else { return nil }
            let upper = divide(high: limbs.2, low: limbs.1, by: divisor)
            let lower = divide(high: upper.remainder, low: limbs.0, by: divisor)
            return (UInt128(upper.quotient) << 64 | UInt128(lower.quotient), lower.remainder == 0)
        }
        let high = UInt128(limbs.3) << 64 | UInt128(limbs.2)
        guard high < d else { return nil }
        let (quotient, remainder) = d.dividingFullWidth((high: high, low: UInt128(limbs.1) << 64 | UInt128(limbs.0)))
        return (quotient, remainder == 0)
    }

    /// The scale as an unsigned 64-bit value.
    @usableFromInline static var unsignedScale: UInt64 { 1_000_000_000_000_000_000 }

    /// The scale shifted left until its top bit is set, for division by its reciprocal.
    @usableFromInline static var normalizedScale: UInt64 { 16_000_000_000_000_000_000 }

    /// `⌊(2¹²⁸ − 1) ÷ normalizedScale⌋ − 2⁶⁴`, the reciprocal that `divideByScale` multiplies by (checked in the
    /// tests against its definition).
    @usableFromInline static var scaleReciprocal: UInt64 { 0x2725_DD1D_243A_BA0E }

    /// `(n2 ‖ n1 ‖ n0) ÷ scale` for `n2 < scale`, truncated, and whether it is exact.
    ///
    /// Every multiplication divides by the scale, so this division avoids the hardware divider: it shifts the
    /// dividend by the scale's normalization (4 bits) and takes two 128-by-64-bit steps by the precomputed reciprocal
    /// (Möller and Granlund, "Improved division by invariant integers", 2011, algorithm 4).
    @usableFromInline @inline(__always)
    static func divideByScale(_ n2: UInt64, _ n1: UInt64, _ n0: UInt64) -> (UInt128, Bool) {
        let u2 = n2 << 4 | n1 >> 60
        let u1 = n1 << 4 | n0 >> 60
        let u0 = n0 << 4
        let upper = divideByNormalizedScale(u2, u1)
        let lower = divideByNormalizedScale(upper.remainder, u0)
        return (UInt128(upper.quotient) << 64 | UInt128(lower.quotient), lower.remainder == 0)
    }

    /// One step of ``divideByScale(_:_:_:)``: `(u1 ‖ u0) ÷ normalizedScale` for `u1 < normalizedScale`.
    @inline(__always) @usableFromInline
    static func divideByNormalizedScale(_ u1: UInt64, _ u0: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        let d = normalizedScale
        let product = scaleReciprocal.multipliedFullWidth(by: u1)
        let (low, carry) = product.low.addingReportingOverflow(u0)
        var quotient = product.high &+ u1 &+ 1 &+ (carry ? 1 : 0)
        var remainder = u0 &- quotient &* d
        if remainder > low {
            quotient &-= 1
            remainder &+= d
        }
        if remainder >= d {
            quotient &+= 1
            remainder &-= d
        }
        return (quotient, remainder)
    }

    /// `(high ‖ low) ÷ divisor` for `high < divisor`, so the quotient fits in 64 bits.
    @usableFromInline
    static func divide(high: UInt64, low: UInt64, by divisor: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        if high == 0 { return low.quotientAndRemainder(dividingBy: divisor) }
        let (quotient, remainder) = (UInt128(high) << 64 | UInt128(low)).quotientAndRemainder(
            dividingBy: UInt128(divisor)
        )
        return (UInt64(truncatingIfNeeded: quotient), UInt64(truncatingIfNeeded: remainder))
    }

    /// The overflow error of `lhs operation rhs`, worded only when it is thrown.
    @usableFromInline @inline(never)
    static func overflow(_ lhs: Wad, _ operation: StaticString, _ rhs: Wad) -> MoneyError {
        .overflow("\(lhs) \(operation) \(rhs)")
    }

    /// The overflow error of `a × b ÷ d`, worded only when it is thrown.
    @usableFromInline @inline(never)
    static func overflow(
        _ a: Wad,
        _ times: StaticString,
        _ b: Wad,
        _ over: StaticString,
        _ d: Wad,
        _ prefix: StaticString = ""
    ) -> MoneyError {
        .overflow("\(prefix)\(a) \(times) \(b) \(over) \(d)")
    }

    /// The smaller of two values.
    @inlinable public static func min(_ a: Wad, _ b: Wad) -> Wad { a < b ? a : b }
    /// The larger of two values.
    @inlinable public static func max(_ a: Wad, _ b: Wad) -> Wad { a < b ? b : a }
}
