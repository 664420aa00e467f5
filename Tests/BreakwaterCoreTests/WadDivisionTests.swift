import PropertyBased
import Testing

@testable import BreakwaterCore

/// The limb-wise `a × b ÷ d` behind every multiplication and division agrees with the standard library's generic
/// full-width multiplication and division, on operands of every size.
@Suite struct WadDivisionTests {
    /// The reference: `multipliedFullWidth` then `dividingFullWidth`, `nil` when the quotient does not fit.
    static func reference(_ x: UInt128, _ y: UInt128, _ d: UInt128) -> (UInt128, Bool)? {
        let product = x.multipliedFullWidth(by: y)
        guard product.high < d else { return nil }
        let (quotient, remainder) = d.dividingFullWidth(product)
        return (quotient, remainder == 0)
    }

    /// A value from two random limbs shifted right by `shift`, so that sizes from 0 to 128 bits are all drawn.
    static func value(_ limbs: ArraySlice<UInt64>, _ shift: Int) -> UInt128 {
        (UInt128(limbs.first!) << 64 | UInt128(limbs.last!)) >> shift
    }

    @Test func limbwiseMultiplyDivideAgreesWithTheFullWidthReference() async {
        let limbs = Gen.uint64(in: 0 ... .max).array(of: 6)
        let shifts = Gen.int(in: 0...127).array(of: 3)
        await propertyCheck(count: 2_000, input: limbs, shifts) { limbs, shifts in
            let x = Self.value(limbs[0..<2], shifts[0])
            let y = Self.value(limbs[2..<4], shifts[1])
            let d = Swift.max(1, Self.value(limbs[4..<6], shifts[2]))
            for divisor in [d, UInt128(Wad.scale)] {
                let actual = Wad.unsignedMultiplyDivide(x, y, divisor)
                let expected = Self.reference(x, y, divisor)
                #expect(actual?.0 == expected?.0 && actual?.1 == expected?.1, "\(x) × \(y) ÷ \(divisor)")
            }
        }
    }

    @Test func theScaleReciprocalMatchesItsDefinition() {
        #expect(Wad.normalizedScale == UInt64(Wad.scale) << 4 && Wad.normalizedScale >> 63 == 1)
        #expect(UInt128(Wad.scaleReciprocal) == UInt128.max / UInt128(Wad.normalizedScale) - (1 << 64))
    }

    @Test func signedResultsRoundInTheirDirectionOrOverflow() async {
        let limbs = Gen.uint64(in: 0 ... .max).array(of: 6)
        let shifts = Gen.int(in: 1...127).array(of: 3)
        let signs = Gen.int(in: 0...7)
        await propertyCheck(count: 1_000, input: limbs, shifts, signs) { limbs, shifts, signs in
            let a = Int128(truncatingIfNeeded: Self.value(limbs[0..<2], shifts[0])) * (signs & 1 == 0 ? 1 : -1)
            let b = Int128(truncatingIfNeeded: Self.value(limbs[2..<4], shifts[1])) * (signs & 2 == 0 ? 1 : -1)
            let d =
                Swift.max(1, Int128(truncatingIfNeeded: Self.value(limbs[4..<6], shifts[2])))
                * (signs & 4 == 0 ? 1 : -1)
            let exact = Self.reference(a.magnitude, b.magnitude, d.magnitude)
            let negative = ((a < 0) != (b < 0)) != (d < 0) && a != 0 && b != 0
            let bothWays = try? Wad.multiplyDivideBothWays(a, b, d)
            let separately = (try? Wad.multiplyDivide(a, b, d, rounding: .down)).flatMap { down in
                (try? Wad.multiplyDivide(a, b, d, rounding: .up)).map { (down, $0) }
            }
            #expect(bothWays?.0 == separately?.0 && bothWays?.1 == separately?.1, "\(a) × \(b) ÷ \(d) both ways")
            for rounding in [Rounding.down, .up] {
                let result = try? Wad.multiplyDivide(a, b, d, rounding: rounding)
                guard let (quotient, isExact) = exact else {
                    #expect(result == nil)
                    continue
                }
                let away = !isExact && (negative ? rounding == .down : rounding == .up)
                let magnitude = quotient.addingReportingOverflow(away ? 1 : 0)
                let limit = negative ? Int128.min.magnitude : Int128.max.magnitude
                if magnitude.overflow || magnitude.partialValue > limit {
                    #expect(result == nil)
                } else {
                    let expected = Int128(
                        truncatingIfNeeded: negative ? 0 &- magnitude.partialValue : magnitude.partialValue
                    )
                    #expect(result == expected, "\(a) × \(b) ÷ \(d) rounded \(rounding)")
                }
            }
        }
    }
}
