public import BreakwaterCore
public import BreakwaterEVM

/// One `events` entry of `chain.yml`, checked against the protocol config: which logs it takes (a contract's
/// address and its event's topic) and how each field of the Breakwater event is filled.
public struct EventMapping: Sendable {
    /// The contract's name in `contracts`.
    public var contract: String
    public var address: EVMAddress
    public var signature: EventSignature
    /// The Breakwater event each log becomes.
    public var kind: Event.Kind
    let decoder: LogDecoder
    /// Every field the event has, by its key in the stream.
    let fields: [String: FieldSource]
}

/// A field's value, resolved as far as the config allows: names to their indices in the config.
enum FieldValue: Sendable, Hashable {
    /// The index of a feed, asset, pool, perpetual market or option market.
    case index(Int)
    case optionType(OptionType)
    /// An account's name: an address as `0x` and 40 lower-case digits, or a constant.
    case account(String)
    case wad(Wad)
    case time(Timestamp)
}

/// Where a field's value comes from.
enum FieldSource: Sendable {
    /// A constant of `set`, resolved at load.
    case constant(FieldValue)
    /// A parameter of each log, read as `map` says.
    case parameter(ParameterReading)
}

/// How a log parameter becomes a field.
struct ParameterReading: Sendable {
    /// The parameter's name in the signature.
    var name: String
    var type: ABIType
    var role: MappedField.Role
    /// For a number: the decimals it is written with.
    var decimals: Int?
    /// For a time: milliseconds per unit (1000 for `s`, 1 for `ms`).
    var millisecondsPerUnit: Int64?
    /// For an unsigned size: the `bool` parameter that makes it negative.
    var negateIf: String?
    /// The field's value for each of the parameter's values, by their text.
    var values: [String: FieldValue]?
}
