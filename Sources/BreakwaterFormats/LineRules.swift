/// Rules a line must keep beyond the stream format's: the kinds it may be and, per kind, the only fields it may
/// have, with no `null`. The stream format ignores a field it does not know; what a service takes from outside
/// (a posted governance line) must hold exactly what is decided, so it is checked against rules like these.
public struct LineRules: Sendable, Hashable {
    /// The kinds a line may be, each with the fields it may have.
    public var fields: [String: Set<String>]
    /// The fields each entry of `signatures` may have.
    public var signatureFields: Set<String>

    /// Rules taking the kinds in `fields`, each with its fields, and `signatureFields` in a signature entry.
    public init(fields: [String: Set<String>], signatureFields: Set<String> = ["key", "signature"]) {
        self.fields = fields
        self.signatureFields = signatureFields
    }

    /// Why a line of `kind`, with `keys` (`nulls` among them) and entries of `signatures` with `signatureKeys`, breaks
    /// the rules: the field at fault and what is wrong; `nil` when it keeps them.
    func violation(
        kind: String?,
        keys: [String],
        nulls: Set<String>,
        signatureKeys: [String]
    ) -> (field: String, message: String)? {
        guard let kind, let allowed = fields[kind] else {
            return ("kind", "must be one of \(fields.keys.sorted().joined(separator: ", "))")
        }
        let sorted = keys.sorted()
        if let unknown = sorted.first(where: { !allowed.contains($0) })
            ?? signatureKeys.first(where: { !signatureFields.contains($0) })
        {
            return (unknown, "not a field of a \(kind) line")
        }
        if let empty = sorted.first(where: nulls.contains) {
            return (empty, "null is not a value; leave the field out")
        }
        return nil
    }
}

/// A line read under ``LineRules``: its fields are checked on the parsed object before the event is read from it,
/// so the line is parsed once.
struct RuledWireEvent: Decodable {
    var wire: WireEvent

    /// The rules, handed to the decoding through its user info.
    static let rulesKey = CodingUserInfoKey(rawValue: "breakwater.lineRules")!

    /// A line that breaks the rules: thrown out of the decoding as it is.
    struct Violation: Error {
        var field: String
        var message: String
    }

    init(from decoder: any Decoder) throws {
        if let rules = decoder.userInfo[Self.rulesKey] as? LineRules {
            let object = try decoder.container(keyedBy: AnyKey.self)
            let keys = object.allKeys.map(\.stringValue)
            var nulls: Set<String> = []
            for key in object.allKeys where try object.decodeNil(forKey: key) { nulls.insert(key.stringValue) }
            let kind = try? object.decode(String.self, forKey: AnyKey("kind"))
            var signatureKeys: [String] = []
            if keys.contains("signatures"), !nulls.contains("signatures"),
                var entries = try? object.nestedUnkeyedContainer(forKey: AnyKey("signatures"))
            {
                while !entries.isAtEnd {
                    guard let entry = try? entries.nestedContainer(keyedBy: AnyKey.self) else { break }
                    signatureKeys += entry.allKeys.map(\.stringValue)
                }
            }
            if let violation = rules.violation(kind: kind, keys: keys, nulls: nulls, signatureKeys: signatureKeys) {
                throw Violation(field: violation.field, message: violation.message)
            }
        }
        wire = try WireEvent(from: decoder)
    }

    /// Any key of a JSON object.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
