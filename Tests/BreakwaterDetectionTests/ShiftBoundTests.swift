import BreakwaterCore
import PropertyBased
import Testing

@testable import BreakwaterDetection

@Suite struct ShiftBoundTests {
    /// What the shift proves must hold exactly: `x ≤ base >> k` implies `x ≤ base × share`, rounded down.
    @Test func aShiftNeverClaimsMoreThanTheExactProduct() async {
        let raws = Gen.int64(in: 1...Int64.max)
        await propertyCheck(count: 500, input: raws, raws, raws) { shareRaw, baseRaw, xRaw in
            let share = Wad(raw: Int128(shareRaw) % (3 * Wad.scale) + 1)
            let base = Wad(raw: Int128(baseRaw) * 1_000)
            let bound = ShiftBound(share: share)
            let exact = try! base.multiplied(by: share, rounding: .down)
            let x = Wad(raw: Int128(xRaw) % (base.raw + 1))
            if bound.surelyWithin(x, of: base) { #expect(x <= exact) }
            if bound.surelyBelow(x, of: base) { #expect(x < exact) }
            // At the bound itself the shift is tight: it is the largest power of two not above the share.
            #expect(Wad(raw: Wad.scale >> bound.shift) <= share || bound.shift == 0)
            #expect(bound.shift == 0 || Wad(raw: Wad.scale >> (bound.shift - 1)) >= share)
        }
    }

    @Test func sharesOfOneOrMoreNeedNoShift() {
        #expect(ShiftBound(share: .one).shift == 0)
        #expect(ShiftBound(share: Wad(4)).shift == 0)
        #expect(ShiftBound(share: Wad(raw: Wad.scale / 10)).shift == 4, "1/16 ≤ 0.1 < 1/8")
        #expect(ShiftBound(share: Wad(raw: 1)).shift == 60)
        #expect(!ShiftBound(share: .zero).surelyWithin(Wad(raw: 1), of: Wad(1_000)))
    }
}
