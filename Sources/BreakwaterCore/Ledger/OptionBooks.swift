/// The books of one option series in a pool: what is written, what is held and the collateral locked for it.
///
/// Every written option is also held by someone, so until the series expires `written == held`. The escrow covers the
/// worst payoff: one unit of the underlying per call (a call never pays more than the underlying is worth), the
/// strike in the quote asset per put.
public struct OptionSeriesBook: Sendable, Hashable, Codable {
    public let series: OptionSeries
    /// The pool's collateral slot the series locks: the underlying's for calls, the quote's for puts.
    public let collateralSlot: Int
    /// Options written whose writers have not settled.
    public var written: Wad = .zero
    /// Options held whose holders have not settled.
    public var held: Wad = .zero
    /// Collateral locked for the series, in the asset of ``collateralSlot``.
    public var escrow: Wad = .zero
    /// The terms fixed when the series expired; `nil` while it trades.
    public var settlement: OptionSettlementTerms?

    public init(series: OptionSeries, collateralSlot: Int) {
        self.series = series
        self.collateralSlot = collateralSlot
    }

    /// Collateral locked per option: one unit of the underlying for a call, the strike for a put.
    public var collateralPerUnit: Wad { series.type == .call ? .one : series.strike }

    /// Collateral to lock for `size` new options, rounded up.
    func collateral(forWriting size: Wad) throws(MoneyError) -> Wad {
        try size.multiplied(by: collateralPerUnit, rounding: .up)
    }

    /// The settlement terms at a guarded price of the underlying.
    ///
    /// A put pays `max(0, strike − price)` in the quote asset it locked and returns the rest of the strike. A call
    /// pays `max(0, price − strike)`, taken from the underlying it locked as `payoff / price` units, which the pool's
    /// LPs buy at `price` so the holder is paid in the quote asset; it returns `min(price, strike) / price` units.
    /// Both call shares are rounded down, so the two never add up to more than the unit locked.
    func terms(at price: Wad) throws(MoneyError) -> OptionSettlementTerms {
        let strike = series.strike
        switch series.type {
        case .put:
            let payoff = Wad.max(.zero, try strike.subtracting(price))
            return OptionSettlementTerms(price: price, holderShare: payoff, writerShare: try strike.subtracting(payoff))
        case .call:
            return OptionSettlementTerms(
                price: price,
                holderShare: try Wad.max(.zero, price.subtracting(strike)).divided(by: price, rounding: .down),
                writerShare: try Wad.min(price, strike).divided(by: price, rounding: .down)
            )
        }
    }

    /// The least escrow that covers every claim still open on the series.
    ///
    /// Until the series expires: `written × collateral per unit`. After: what the remaining holders and writers will take,
    /// each rounded down as a settlement rounds it; the sum of rounded-down parts never exceeds the rounded-down
    /// whole, so settling in any order never takes the escrow below zero.
    public func requiredEscrow() throws(MoneyError) -> Wad {
        guard let terms = settlement else { return try written.multiplied(by: collateralPerUnit, rounding: .down) }
        return try held.multiplied(by: terms.holderShare, rounding: .down)
            .adding(written.multiplied(by: terms.writerShare, rounding: .down))
    }
}

/// How an expired series settles, per option, in the asset of its collateral slot.
public struct OptionSettlementTerms: Sendable, Hashable, Codable {
    /// The guarded price of the underlying when the series expired.
    public var price: Wad
    /// Collateral each held option takes: the payoff for a put, `payoff / price` of the underlying for a call.
    public var holderShare: Wad
    /// Collateral each written option gets back: the rest of what it locked.
    public var writerShare: Wad
}

/// One account's options of one series: those it holds and those it wrote.
public struct OptionHolding: Sendable, Hashable, Codable {
    /// The series' slot in ``PoolState/optionSeries``.
    public var seriesSlot: Int
    /// Options the account holds: bought, or written and not sold.
    public var held: Wad = .zero
    /// Options the account wrote and has not settled, whoever holds them now.
    public var written: Wad = .zero

    public init(seriesSlot: Int, held: Wad = .zero, written: Wad = .zero) {
        self.seriesSlot = seriesSlot
        self.held = held
        self.written = written
    }

    public var isEmpty: Bool { held.isZero && written.isZero }
}
