/// A byte-level scanner for the common shape of an event line: one flat JSON object whose values are plain
/// strings (no escapes), integers of at most 18 digits, `true` or `false`.
///
/// It records where each known key's value lies, and which keys hold strings and which integers, in bit masks; it
/// allocates nothing. Anything else (escapes, fractions and exponents, longer integers, `null`, nested values,
/// non-ASCII bytes, a repeated key, a known key holding a boolean, a key the fast path does not read, more than
/// ``maximumUnknownKeys`` unknown keys, malformed JSON) makes ``scan(_:)`` return `false`, and the caller hands the
/// line to ``ReferenceEventDecoder``, which reads everything and words every error. So what it accepts is strict
/// JSON, and every key the format knows in it has been type-checked.
struct JSONLineScanner: Sendable {
    /// The keys of the event format the fast path reads.
    enum Field: Int, CaseIterable {
        case ts, kind, block, tx, logIndex, feed, asset, market, price, confidence, publishTs, pool, account, amount
        case size, liquidator, fromPool, toPool, optionType, strike, expiry, seller, premium, blockHash
        case fromBlock, toBlock, ancestorBlock, ancestorHash

        var key: String {
            switch self {
            case .logIndex: "log_index"
            case .blockHash: "block_hash"
            case .publishTs: "publish_ts"
            case .fromPool: "from_pool"
            case .toPool: "to_pool"
            case .optionType: "option_type"
            case .fromBlock: "from_block"
            case .toBlock: "to_block"
            case .ancestorBlock: "ancestor_block"
            case .ancestorHash: "ancestor_hash"
            default: "\(self)"
            }
        }

        var bit: UInt32 { 1 << UInt32(rawValue) }

        /// The fields the format reads as integers (milliseconds or counters); every other field is a string.
        static var integers: UInt32 {
            ts.bit | block.bit | logIndex.bit | publishTs.bit | expiry.bit | fromBlock.bit | toBlock.bit
                | ancestorBlock.bit
        }
    }

    /// Where a value lies in the line; a string's span excludes its quotes. An integer's value is read as it is
    /// scanned.
    struct Span {
        var start = 0
        var end = 0
        var integer: Int64 = 0
    }

    /// The fields present in the last line scanned.
    private var present: UInt32 = 0
    /// The present fields holding strings.
    private var strings: UInt32 = 0
    private var spans = [Span](repeating: Span(), count: Field.allCases.count)
    private let keys = ByteNameTable(Field.allCases.map(\.key))
    /// The format's keys that the fast path does not read (a governance line's): a line with one is the reference's.
    private let referenceKeys = ByteNameTable(
        WireEvent.CodingKeys.allCases.map(\.rawValue).filter { key in !Field.allCases.contains { $0.key == key } }
    )
    /// The spans of the current line's unknown keys, to find a repeated one.
    private var unknownKeys: [Span] = []
    /// More unknown keys than this in a line leave it to the reference reader.
    static let maximumUnknownKeys = 8

    /// Whether a field is in the line.
    func has(_ field: Field) -> Bool { present & field.bit != 0 }

    /// Whether every present field holds the JSON type the format gives it: integers for ``Field/integers``,
    /// strings for the rest.
    var typesMatch: Bool { strings == present & ~Field.integers }

    /// The span of a field's value, if present.
    func span(_ field: Field) -> Span? { has(field) ? spans[field.rawValue] : nil }

    /// The span of a field's string value, if present and a string.
    func string(_ field: Field) -> Span? { strings & field.bit != 0 ? spans[field.rawValue] : nil }

    /// Scans one line; `false` means it is not of the common shape.
    mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        present = 0
        strings = 0
        unknownKeys.removeAll(keepingCapacity: true)
        // One exclusive access to the spans for the whole line, instead of a uniqueness check per field.
        var spans = Self.takeSpans(&self.spans)
        defer { self.spans = spans }
        return spans.withUnsafeMutableBufferPointer { spans in scan(line, into: spans) }
    }

    private static func takeSpans(_ spans: inout [Span]) -> [Span] {
        var taken: [Span] = []
        swap(&taken, &spans)
        return taken
    }

    private mutating func scan(_ line: UnsafeBufferPointer<UInt8>, into spans: UnsafeMutableBufferPointer<Span>) -> Bool
    {
        var cursor = Self.skipSpace(line, 0)
        guard cursor < line.count, line[cursor] == UInt8(ascii: "{") else { return false }
        cursor = Self.skipSpace(line, cursor + 1)
        if cursor < line.count, line[cursor] == UInt8(ascii: "}") {
            return Self.skipSpace(line, cursor + 1) == line.count
        }
        while true {
            guard let key = Self.string(line, at: cursor) else { return false }
            cursor = Self.skipSpace(line, key.end + 1)
            guard cursor < line.count, line[cursor] == UInt8(ascii: ":") else { return false }
            cursor = Self.skipSpace(line, cursor + 1)
            guard cursor < line.count else { return false }
            let field = keys.id(of: UnsafeBufferPointer(rebasing: line[key.start..<key.end]))
            let value: Span
            let isString: Bool
            switch line[cursor] {
            case UInt8(ascii: "\""):
                guard let string = Self.string(line, at: cursor) else { return false }
                (value, isString) = (string, true)
                cursor = string.end + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let integer = Self.integer(line, at: cursor) else { return false }
                (value, isString) = (integer, false)
                cursor = integer.end
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                // A boolean is no known field's type: only an unknown key may hold one.
                guard field == nil, let end = Self.boolean(line, at: cursor) else { return false }
                (value, isString) = (Span(start: cursor, end: end), false)
                cursor = end
            default:
                return false
            }
            if let field {
                let bit: UInt32 = 1 << UInt32(field)
                guard present & bit == 0 else { return false }
                present |= bit
                if isString { strings |= bit }
                spans[field] = value
            } else if !isNewUnknownKey(key, in: line) {
                return false
            }
            cursor = Self.skipSpace(line, cursor)
            guard cursor < line.count else { return false }
            if line[cursor] == UInt8(ascii: "}") { return Self.skipSpace(line, cursor + 1) == line.count }
            guard line[cursor] == UInt8(ascii: ",") else { return false }
            cursor = Self.skipSpace(line, cursor + 1)
        }
    }

    /// Whether an unknown key is one the fast path may pass over: not a key of the format, not one the line already
    /// has, and within ``maximumUnknownKeys``. It joins the line's unknown keys.
    private mutating func isNewUnknownKey(_ key: Span, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = UnsafeBufferPointer(rebasing: line[key.start..<key.end])
        guard unknownKeys.count < Self.maximumUnknownKeys, referenceKeys.id(of: bytes) == nil else { return false }
        for earlier in unknownKeys where line[earlier.start..<earlier.end].elementsEqual(bytes) { return false }
        unknownKeys.append(key)
        return true
    }

    @inline(__always)
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
    ///
    /// Eight bytes at a time while they last: a word with no quote, backslash, control character or non-ASCII byte is
    /// skipped whole, and the first such byte in a word is found from its flag bits.
    @inline(__always)
    private static func string(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Span? {
        guard start < line.count, line[start] == UInt8(ascii: "\""), let base = line.baseAddress else { return nil }
        var cursor = start + 1
        while cursor + 8 <= line.count {
            // Little-endian, so the lowest flag bit is the first byte in the line.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
            let flags = specialBytes(in: word)
            if flags == 0 {
                cursor += 8
                continue
            }
            cursor += flags.trailingZeroBitCount / 8
            return line[cursor] == UInt8(ascii: "\"") ? Span(start: start + 1, end: cursor) : nil
        }
        while cursor < line.count {
            let byte = line[cursor]
            if byte == UInt8(ascii: "\"") { return Span(start: start + 1, end: cursor) }
            // Escapes, control characters and non-ASCII text are left to the reference reader.
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        return nil
    }

    /// The high bit of every byte of `word` that ends or breaks a plain string: a quote, a backslash, a control
    /// character (below 0x20) or a non-ASCII byte. Bits above the lowest one may be spurious; the lowest is exact.
    @inline(__always)
    private static func specialBytes(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroInQuotes = (quotes &- ones) & ~quotes
        let zeroInBackslashes = (backslashes &- ones) & ~backslashes
        let belowSpace = word &- ones &* 0x20
        return (zeroInQuotes | zeroInBackslashes | belowSpace | word) & highs
    }

    /// An integer of 1 to 18 digits with an optional minus and no leading zero, not followed by a fraction or an
    /// exponent; 18 digits always fit.
    private static func integer(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Span? {
        let negative = line[start] == UInt8(ascii: "-")
        var cursor = start + (negative ? 1 : 0)
        let digits = cursor
        var magnitude: Int64 = 0
        while cursor < line.count {
            let digit = line[cursor] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            magnitude = magnitude &* 10 &+ Int64(digit)
            cursor += 1
        }
        let count = cursor - digits
        guard count > 0, count <= 18, !(line[digits] == UInt8(ascii: "0") && count > 1) else { return nil }
        if cursor < line.count {
            switch line[cursor] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return Span(start: start, end: cursor, integer: negative ? -magnitude : magnitude)
    }

    /// `true` or `false` at `start`: where it ends.
    private static func boolean(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        for literal in ["true", "false"] where line[start...].starts(with: literal.utf8) {
            return start + literal.utf8.count
        }
        return nil
    }
}
