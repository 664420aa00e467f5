/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): the same seed, the same run.
///
/// The simulator owns all randomness; the engine has none.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// A uniform value in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal value (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude)
        let u2 = uniform()
        return (-2 * Self.log(u1)).squareRoot() * Self.cos(2 * .pi * u2)
    }

    /// A Poisson-distributed count with the given mean (Knuth; fine for small means).
    public mutating func poisson(mean: Double) -> Int {
        let limit = Self.exp(-mean)
        var count = 0
        var product = uniform()
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    // Series implementations keep the simulator free of platform libm differences.

    static func exp(_ x: Double) -> Double {
        let n = (x / 0.693_147_180_559_945_3).rounded()
        let r = x - n * 0.693_147_180_559_945_3
        var term = 1.0
        var sum = 1.0
        for k in 1...20 {
            term *= r / Double(k)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
    }

    static func log(_ x: Double) -> Double {
        // x = m × 2^e with m in [1, 2); log m by atanh series.
        let e = Double(x.exponent)
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
        return 2 * sum + e * 0.693_147_180_559_945_3
    }

    static func cos(_ x: Double) -> Double {
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
