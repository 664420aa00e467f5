/// A perpetual position of one account in one market.
public struct Position: Sendable, Hashable {
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
