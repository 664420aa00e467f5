import BreakwaterCore

/// The largest power of two `2⁻ᵏ` at or below a positive share, so that `x ≤ base >> k` proves
/// `x ≤ base × share` (rounded down) with a shift instead of a 256-bit multiplication.
///
/// The guard's thresholds are checked on every update, and almost every update is far inside them: the shift
/// settles those, and only the rest pay for the exact product.
struct ShiftBound: Sendable, Codable {
    let shift: Int

    /// - Parameter share: at 1 or more the bound is `base` itself; at zero or below it proves nothing but `x ≤ 0`.
    init(share: Wad) {
        guard share.isPositive else {
            shift = 127
            return
        }
        // 2⁻ᵏ ≤ share ⟺ scale ≤ share × 2ᵏ, in exact integers; a share of one raw unit needs k = 60 (2⁶⁰ > 10¹⁸).
        var shift = 0
        while share.raw << shift < Wad.scale { shift += 1 }
        self.shift = shift
    }

    /// `x ≤ base >> k`: then `x ≤ base × share` for sure.
    func surelyWithin(_ x: Wad, of base: Wad) -> Bool { x.raw <= base.raw >> shift }

    /// `x < base >> k`: then `x < base × share` for sure.
    func surelyBelow(_ x: Wad, of base: Wad) -> Bool { x.raw < base.raw >> shift }
}
