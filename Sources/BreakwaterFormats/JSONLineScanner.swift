/// A byte-level scanner for the common shape of an event line: one flat JSON object whose values are plain
/// strings (no escapes), integers, `true` or `false`.
///
/// It records where each known key's value lies and allocates nothing. Anything else (escapes, fractions and
/// exponents, `null`, nested values, non-ASCII bytes, a repeated key, malformed JSON) makes ``scan(_:)`` return
/// `false`, and the caller hands the line to ``ReferenceEventDecoder``, which reads everything and words every
/// error.
struct JSONLineScanner: Sendable {
    /// The keys the event format defines, in ``WireEvent`` order.
    enum Field: Int, CaseIterable {
        case ts, kind, block, tx, logIndex, feed, asset, market, price, confidence, publishTs, pool, account, amount
        case size, liquidator, fromPool, toPool, optionType, strike, expiry, seller, premium

        var key: String {
            switch self {
            case .logIndex: "log_index"
            case .publishTs: "publish_ts"
            case .fromPool: "from_pool"
            case .toPool: "to_pool"
            case .optionType: "option_type"
            default: "\(self)"
            }
        }
    }

    enum ValueType: UInt8 {
        case absent, string, integer, boolean
    }

    /// Where a field's value lies in the line; a string's span excludes its quotes.
    struct Value {
        var type = ValueType.absent
        var start = 0
        var end = 0
    }

    private(set) var values = [Value](repeating: Value(), count: Field.allCases.count)
    private let keys = ByteNameTable(Field.allCases.map(\.key))

    subscript(field: Field) -> Value { values[field.rawValue] }

    /// Scans one line; `false` means it is not of the common shape.
    mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in values.indices { values[index].type = .absent }
        var cursor = Self.skipSpace(line, 0)
        guard cursor < line.count, line[cursor] == UInt8(ascii: "{") else { return false }
        cursor = Self.skipSpace(line, cursor + 1)
        if cursor < line.count, line[cursor] == UInt8(ascii: "}") {
            return Self.skipSpace(line, cursor + 1) == line.count
        }
        while true {
            guard let (keyStart, keyEnd) = Self.string(line, at: cursor) else { return false }
            cursor = Self.skipSpace(line, keyEnd + 1)
            guard cursor < line.count, line[cursor] == UInt8(ascii: ":") else { return false }
            cursor = Self.skipSpace(line, cursor + 1)
            guard let value = Self.value(line, at: cursor) else { return false }
            let key = UnsafeBufferPointer(rebasing: line[keyStart..<keyEnd])
            if let field = keys.id(of: key) {
                guard values[field].type == .absent else { return false }
                values[field] = value
            }
            cursor = Self.skipSpace(line, value.type == .string ? value.end + 1 : value.end)
            guard cursor < line.count else { return false }
            if line[cursor] == UInt8(ascii: "}") { return Self.skipSpace(line, cursor + 1) == line.count }
            guard line[cursor] == UInt8(ascii: ",") else { return false }
            cursor = Self.skipSpace(line, cursor + 1)
        }
    }

    private static func skipSpace(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var cursor = start
        while cursor < line.count {
            switch line[cursor] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): cursor += 1
            default: return cursor
            }
        }
        return cursor
    }

    /// A plain string starting at its opening quote: the span of its contents.
    private static func string(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        guard start < line.count, line[start] == UInt8(ascii: "\"") else { return nil }
        var cursor = start + 1
        while cursor < line.count {
            let byte = line[cursor]
            if byte == UInt8(ascii: "\"") { return (start + 1, cursor) }
            // Escapes, control characters and non-ASCII text are left to the reference reader.
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        return nil
    }

    private static func value(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Value? {
        guard start < line.count else { return nil }
        switch line[start] {
        case UInt8(ascii: "\""):
            guard let (from, to) = string(line, at: start) else { return nil }
            return Value(type: .string, start: from, end: to)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            var cursor = start + (line[start] == UInt8(ascii: "-") ? 1 : 0)
            let digits = cursor
            while cursor < line.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[cursor]) { cursor += 1 }
            // No digits, a leading zero, a fraction or an exponent: not a plain integer.
            guard cursor > digits, !(line[digits] == UInt8(ascii: "0") && cursor - digits > 1) else { return nil }
            if cursor < line.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(line[cursor]) {
                return nil
            }
            return Value(type: .integer, start: start, end: cursor)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            for literal in ["true", "false"] where line[start...].starts(with: literal.utf8) {
                return Value(type: .boolean, start: start, end: start + literal.utf8.count)
            }
            return nil
        default:
            return nil
        }
    }
}
