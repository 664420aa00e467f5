/// One account's state inside one pool.
public struct AccountState: Sendable, Hashable, Codable {
    /// Balance per collateral slot of the pool; negative means borrowed.
    public var balances: [Wad]
    /// Position per market slot of the pool.
    public var positions: [Position]
    /// LP shares of the pool held by the account.
    public var lpShares: Wad = .zero
    /// Options the account holds or wrote, one entry per series, in the order it first touched them.
    public var options: [OptionHolding] = []

    public init(assetSlots: Int, marketSlots: Int) {
        balances = Array(repeating: .zero, count: assetSlots)
        positions = Array(repeating: Position(), count: marketSlots)
    }

    /// Whether the account holds nothing at all.
    public var isEmpty: Bool {
        lpShares.isZero && balances.allSatisfy(\.isZero) && positions.allSatisfy { !$0.isOpen } && options.isEmpty
    }

    /// The account's options of a series (empty if it has none).
    public func holding(ofSeries slot: Int) -> OptionHolding {
        options.first { $0.seriesSlot == slot } ?? OptionHolding(seriesSlot: slot)
    }
}
