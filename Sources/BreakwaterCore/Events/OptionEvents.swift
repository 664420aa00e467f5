/// A call pays `max(0, price − strike)` per option at expiry, a put `max(0, strike − price)`.
public enum OptionType: String, Sendable, Hashable, CaseIterable, Codable {
    case call, put
}

/// One option series of an option market: its type, strike and expiry.
///
/// A series exists from its first write; every option event names it by these four fields.
public struct OptionSeries: Sendable, Hashable, Codable {
    public var market: OptionMarketID
    public var type: OptionType
    /// The strike price, in the pool's quote asset per unit of the underlying.
    public var strike: Wad
    /// The time from which the series may expire; options are written and bought strictly before it.
    public var expiry: Timestamp

    public init(market: OptionMarketID, type: OptionType, strike: Wad, expiry: Timestamp) {
        self.market = market
        self.type = type
        self.strike = strike
        self.expiry = expiry
    }
}

/// A writer locks collateral and mints options of a series, which it holds until it sells them.
public struct OptionWrite: Sendable, Hashable {
    public var series: OptionSeries
    public var account: AccountID
    /// Options minted, in units of the underlying.
    public var size: Wad

    public init(series: OptionSeries, account: AccountID, size: Wad) {
        self.series = series
        self.account = account
        self.size = size
    }
}

/// A buyer takes options of a series from a seller that holds them, paying a premium in the quote asset.
public struct OptionPurchase: Sendable, Hashable {
    public var series: OptionSeries
    /// The buyer.
    public var account: AccountID
    /// The account that sells: the writer, for newly written options.
    public var seller: AccountID
    public var size: Wad
    /// The premium for the whole `size`, in the pool's quote asset.
    public var premium: Wad

    public init(series: OptionSeries, account: AccountID, seller: AccountID, size: Wad, premium: Wad) {
        self.series = series
        self.account = account
        self.seller = seller
        self.size = size
        self.premium = premium
    }
}

/// An account settles its part of an expired series: the payoff of the options it holds, and what is left of the
/// collateral of the options it wrote.
public struct OptionSettlement: Sendable, Hashable {
    public var series: OptionSeries
    public var account: AccountID

    public init(series: OptionSeries, account: AccountID) {
        self.series = series
        self.account = account
    }
}
