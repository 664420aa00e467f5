/// The index of an asset in ``ProtocolConfig/assets``.
public struct AssetID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The index of a pool in ``ProtocolConfig/pools``.
public struct PoolID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The index of a market in ``ProtocolConfig/markets``.
public struct MarketID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The index of a price feed in ``ProtocolConfig/feeds``.
public struct FeedID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// An account, interned by the ``AccountDirectory`` in the order accounts first appear.
public struct AccountID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The index of an option market in ``ProtocolConfig/optionMarkets``.
public struct OptionMarketID: Sendable, Hashable, Comparable, Codable {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}
