/// An optional that a report writes as `null` when it has no value, instead of leaving its key out: readers of the
/// reports and the API rely on every documented key being there.
///
/// ```swift
/// @NullEncoded var containedAt: Int64?   // "contained_at": null while not contained
/// ```
@propertyWrapper
public struct NullEncoded<Value> {
    /// The value, or `nil`, which is written as `null`.
    public var wrappedValue: Value?

    /// Wraps `wrappedValue`, `nil` included.
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension NullEncoded: Encodable where Value: Encodable {
    /// Encodes the value, or `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension NullEncoded: Decodable where Value: Decodable {
    /// Decodes the value, or `nil` from `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension NullEncoded: Sendable where Value: Sendable {}
extension NullEncoded: Equatable where Value: Equatable {}
extension NullEncoded: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// A ``NullEncoded`` value whose key is absent reads as `nil`, as a plain optional's does.
    public func decode<Value: Decodable>(_ type: NullEncoded<Value>.Type, forKey key: Key) throws -> NullEncoded<Value>
    {
        try decodeIfPresent(type, forKey: key) ?? NullEncoded(wrappedValue: nil)
    }
}
