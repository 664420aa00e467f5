/// A perpetual position of one account in one market.
public struct Position: Sendable, Hashable, Codable {
    /// Signed size: positive long, negative short.
    public var size: Wad = .zero
    /// Signed cost basis, `Σ size × entry price`: the entry price is `openNotional / size`.
    public var openNotional: Wad = .zero
    /// The market's cumulative funding index when funding was last settled into this position.
    public var fundingIndex: Wad = .zero

    public init(size: Wad = .zero, openNotional: Wad = .zero, fundingIndex: Wad = .zero) {
        self.size = size
        self.openNotional = openNotional
        self.fundingIndex = fundingIndex
    }

    public var isOpen: Bool { !size.isZero }
}

extension Position {
    /// Funding the position owes since it was last settled, at the market's funding `index` (negative: it is owed),
    /// rounded up.
    func fundingOwed(at index: Wad) throws -> Wad {
        // Most positions are settled at the current index: nothing to multiply.
        if index == fundingIndex { return .zero }
        return try size.multiplied(by: index.subtracting(fundingIndex), rounding: .up)
    }

    /// Applies a fill of `size` at `mark` and returns the realized PnL.
    ///
    /// The closed part realizes `q × mark − basis(q)`, rounded against the account; a fill that flips the
    /// position opens the rest at the mark.
    mutating func fill(_ size: Wad, at mark: Wad) throws -> Wad {
        let old = self.size
        if old.isZero || old.signum == size.signum {
            openNotional = try openNotional.adding(size.multiplied(by: mark, rounding: .up))
            self.size = try old.adding(size)
            return .zero
        }
        let closing = try size.magnitude() >= old.magnitude() ? old : size.negated()
        let basis = try openNotional.scaled(by: closing, over: old, rounding: .up)
        let realized = try closing.multiplied(by: mark, rounding: .down).subtracting(basis)
        openNotional = try openNotional.subtracting(basis)
        self.size = try old.subtracting(closing)
        let opening = try size.adding(closing)
        if !opening.isZero {
            openNotional = try openNotional.adding(opening.multiplied(by: mark, rounding: .up))
            self.size = try self.size.adding(opening)
        }
        return realized
    }
}
