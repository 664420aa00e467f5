@testable import BreakwaterCore
import PropertyBased
import Testing

/// The 64-bit long division that `multiplied(by:rounding:)` takes agrees with the generic full-width division.
@Suite struct WadDivisionTests {
    @Test func longDivisionByA64BitDivisorAgreesWithTheFullWidthDivision() async {
        let limbs = Gen.uint64(in: 0 ... .max)
        await propertyCheck(input: limbs, limbs, limbs, limbs, Gen.uint64(in: 1 ... .max)) { a, b, c, e, divisor in
            // Any dividend whose high half is below the divisor.
            let high = (UInt128(a) << 64 | UInt128(b)) % UInt128(divisor)
            let dividend = (high: high, low: UInt128(c) << 64 | UInt128(e))
            let expected = UInt128(divisor).dividingFullWidth(dividend)
            let (quotient, remainder) = Wad.divide(dividend, by: divisor)
            #expect(quotient == expected.quotient && remainder == expected.remainder)
        }
    }
}
