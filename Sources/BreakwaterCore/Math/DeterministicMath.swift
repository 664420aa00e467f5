/// Elementary functions computed by series in plain arithmetic, so results do not depend on the platform's libm.
///
/// For the statistics of breakers and the simulator (never for money): the same input gives the same bits on
/// every machine, which keeps decisions and journal heads reproducible.
package enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_3

    /// eˣ, to about 1e-16 relative error; 0 far below the smallest normal result.
    package static func exp(_ x: Double) -> Double {
        guard x > -745 else { return 0 }
        let n = (x / ln2).rounded()
        let r = x - n * ln2
        var term = 1.0
        var sum = 1.0
        for k in 1...20 {
            term *= r / Double(k)
            // |r| ≤ ln 2 / 2, so the terms only shrink: once one no longer changes the sum, none after it does, and
            // stopping gives the very bits the full series gives.
            if sum + term == sum { break }
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
    }

    /// 2ˣ.
    package static func exp2(_ x: Double) -> Double { exp(x * ln2) }

    /// `x` as a `Double`, through its two 64-bit halves: the standard library's conversion from `Int128` is generic
    /// and costs more than the rest of a detector's update.
    package static func double(_ x: Int128) -> Double {
        Double(Int64(truncatingIfNeeded: x >> 64)) * 0x1p64 + Double(UInt64(truncatingIfNeeded: x))
    }

    /// `x` rounded toward zero (below 2⁶³ in magnitude) or down (above) to an `Int128`; `nil` when it is not finite
    /// or does not fit.
    package static func int128(_ x: Double) -> Int128? {
        if x.magnitude < 0x1p63 { return Int128(Int64(x)) }
        guard x.magnitude < 0x1p126 else { return nil }
        let high = (x / 0x1p64).rounded(.down)
        let low = x - high * 0x1p64
        return Int128(Int64(high)) << 64 | Int128(UInt64(low))
    }

    /// The natural logarithm of a positive, finite x.
    package static func log(_ x: Double) -> Double {
        // x = m × 2^e with m in [1, 2); log m by the atanh series.
        let m = x.significand
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= y2
            k += 2
        }
        return 2 * sum + Double(x.exponent) * ln2
    }

    /// cos x.
    package static func cos(_ x: Double) -> Double {
        var r = x.truncatingRemainder(dividingBy: 2 * .pi)
        if r > .pi { r -= 2 * .pi }
        if r < -.pi { r += 2 * .pi }
        let r2 = r * r
        var term = 1.0
        var sum = 1.0
        for k in stride(from: 2, through: 40, by: 2) {
            term *= -r2 / Double((k - 1) * k)
            sum += term
        }
        return sum
    }
}
