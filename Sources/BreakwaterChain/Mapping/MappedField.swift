public import BreakwaterCore

/// A field of a Breakwater event that a log can fill, and what it holds: which decides which parameters and
/// constants it accepts, and how they become the field's value.
public struct MappedField: Sendable, Hashable {
    /// What the field holds.
    public enum Role: Sendable, Hashable {
        /// A name of the protocol config's feeds, assets, pools, perpetual markets or option markets.
        case feed, asset, pool, market, optionMarket
        /// `call` or `put`.
        case optionType
        /// An account: from an `address` parameter, written `0x` and 40 lower-case hexadecimal digits.
        case account
        /// An amount of the event's asset: its token's decimals unless the mapping gives `decimals`.
        case amount
        /// A price, size, strike or premium: the mapping gives `decimals`.
        case decimal
        /// A time: the mapping gives `unit`, `s` or `ms`.
        case time
    }

    /// The field's key in the event stream.
    public var name: String
    public var role: Role
    /// Whether every event of its kind has it.
    public var isRequired: Bool

    /// The fields a log can fill for an event of `kind`, or `nil` when logs cannot be mapped to that kind (ticks,
    /// governance and notes are Breakwater's own).
    public static func fields(of kind: Event.Kind) -> [MappedField]? {
        switch kind {
        case .oracle:
            [
                .required("feed", .feed), .optional("asset", .asset), .required("price", .decimal),
                .optional("confidence", .decimal), .optional("publish_ts", .time),
            ]
        case .deposit, .withdraw, .lpAdd, .lpRemove:
            [
                .required("pool", .pool), .required("account", .account), .required("asset", .asset),
                .required("amount", .amount),
            ]
        case .transfer:
            [
                .required("account", .account), .required("asset", .asset), .required("amount", .amount),
                .required("from_pool", .pool), .required("to_pool", .pool),
            ]
        case .trade:
            [
                .required("market", .market), .required("account", .account), .required("size", .decimal),
                .optional("price", .decimal),
            ]
        case .liquidate:
            [
                .required("account", .account), .required("pool", .pool), .optional("liquidator", .account),
                .optional("market", .market),
            ]
        case .funding:
            [.required("market", .market)]
        case .optionWrite:
            series + [.required("account", .account), .required("size", .decimal)]
        case .optionBuy:
            series + [
                .required("account", .account), .required("seller", .account), .required("size", .decimal),
                .required("premium", .decimal),
            ]
        case .optionSettle:
            series + [.required("account", .account)]
        case .optionExpire:
            series
        case .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note:
            nil
        }
    }

    /// The kinds logs can be mapped to, as the stream names them.
    public static var mappableKinds: [String] {
        Event.Kind.allCases.filter { fields(of: $0) != nil }.map(\.rawValue)
    }

    private static let series: [MappedField] = [
        .required("market", .optionMarket), .required("option_type", .optionType), .required("strike", .decimal),
        .required("expiry", .time),
    ]

    private static func required(_ name: String, _ role: Role) -> MappedField {
        MappedField(name: name, role: role, isRequired: true)
    }

    private static func optional(_ name: String, _ role: Role) -> MappedField {
        MappedField(name: name, role: role, isRequired: false)
    }
}
