/// How far an asset's guarded price can be trusted now. Each operation tolerates its own classes:
///
/// | operation | needs |
/// |---|---|
/// | opening risk (a trade that grows exposure, writing or buying an option, adding liquidity, fixing a settlement price) | ``valid`` |
/// | margin: withdrawals, borrows, transfers, closing trades, funding, liquidation, option settlement | ``valid`` or ``staleForTrading`` |
///
/// A ``tooVolatile`` or ``noValidFeed`` asset has no price for anything.
public enum PriceValidity: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible, Codable {
    case valid
    /// The newest valid feed is older than the trading staleness limit, but not than the margin one.
    case staleForTrading
    /// The median is beyond the allowed ratio from the asset's time-weighted reference.
    case tooVolatile
    /// No feed is fresh, positive, certain enough, off its bounds, untripped and in agreement with the others.
    case noValidFeed

    /// Whether margin, withdrawals and liquidation may use the price.
    public var allowsMargin: Bool { self == .valid || self == .staleForTrading }

    /// The stable snake_case name.
    public var description: String {
        switch self {
        case .valid: "valid"
        case .staleForTrading: "stale_for_trading"
        case .tooVolatile: "too_volatile"
        case .noValidFeed: "no_valid_feed"
        }
    }
}
