import BreakwaterCore

/// RFC 8259 JSON checked byte by byte, before a line is decoded.
///
/// Foundation's reader lets through what is not JSON (trailing commas, `1+4`, a lone surrogate) and keeps one of
/// two values under a repeated key; the stream refuses all of it, so the reference reader checks every line here
/// first. The checker reads the line once, allocating only for keys (to find a repeated one) and for the top-level
/// members it returns, and nests at most ``maximumDepth`` deep, so no line can exhaust the stack.
struct StrictJSON {
    /// How deep arrays and objects may nest, the line's own object counting as 1.
    static let maximumDepth = 64

    /// A top-level member's value, as far as the format checks it before decoding: a number keeps its text.
    enum Value: Equatable {
        case number(String)
        case other
    }

    /// Why a line is not one strict JSON object.
    struct Fault: Error, Equatable {
        enum Kind: Equatable {
            /// Not JSON, or not one object.
            case malformed
            /// A key that its object already has.
            case repeatedKey
            /// Arrays and objects nested deeper than ``maximumDepth``.
            case tooDeep
        }

        var kind: Kind
        /// The member at fault: the top-level key whose value holds the fault, or the path of a repeated key
        /// (`signatures[0].key`); `nil` when the fault is in the line's own structure.
        var field: String?
        var message: String
    }

    /// The line's top-level members in the order they are written, or the first fault.
    static func members(of line: UnsafeBufferPointer<UInt8>) throws(Fault) -> [(key: String, value: Value)] {
        var reader = Reader(bytes: line)
        return try reader.line()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var cursor = 0
        /// The top-level member being read, which a fault inside its value names.
        var member: String?

        mutating func line() throws(Fault) -> [(key: String, value: Value)] {
            skipSpace()
            switch peek {
            case UInt8(ascii: "{"): break
            case UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), (UInt8(ascii: "0")...UInt8(ascii: "9"))?,
                UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                // Another JSON value, which the line is not checked further for: it is not an event either way.
                throw Fault(kind: .malformed, field: nil, message: "a line must be one JSON object")
            default:
                throw Fault(kind: .malformed, field: nil, message: "malformed JSON: a line must be one JSON object")
            }
            var members: [(key: String, value: Value)] = []
            try object(depth: 1, path: "") { reader, key throws(Fault) in
                reader.member = key
                members.append((key, try reader.value(depth: 1, path: key)))
                reader.member = nil
            }
            skipSpace()
            guard cursor == bytes.count else { throw unexpected("the end of the line") }
            return members
        }

        var peek: UInt8? { cursor < bytes.count ? bytes[cursor] : nil }

        mutating func skipSpace() {
            while let byte = peek,
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                    || byte == UInt8(ascii: "\r")
            {
                cursor += 1
            }
        }

        /// A fault at `position` (the cursor unless given), which the message counts from 1.
        func fault(_ message: String, at position: Int? = nil) -> Fault {
            let byte = (position ?? cursor) + 1
            return Fault(kind: .malformed, field: member, message: "malformed JSON: \(message) at byte \(byte)")
        }

        func unexpected(_ expected: String) -> Fault {
            let found: String
            switch peek {
            case nil: found = "the end of the line"
            case let byte? where byte >= 0x21 && byte < 0x7F: found = "'\(Character(Unicode.Scalar(byte)))'"
            case let byte?: found = "byte 0x\(String(byte, radix: 16, uppercase: true))"
            }
            return fault("expected \(expected), found \(found)")
        }

        /// An object at the cursor, each member's value read by `readValue` after its key, which must be new.
        mutating func object(
            depth: Int,
            path: String,
            readValue: (inout Reader, String) throws(Fault) -> Void
        ) throws(Fault) {
            cursor += 1
            skipSpace()
            if peek == UInt8(ascii: "}") {
                cursor += 1
                return
            }
            var keys: Set<String> = []
            while true {
                guard peek == UInt8(ascii: "\"") else { throw unexpected("a key") }
                let key = try string()
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard keys.insert(key).inserted else {
                    throw Fault(kind: .repeatedKey, field: keyPath, message: "repeated key")
                }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw unexpected("':'") }
                cursor += 1
                skipSpace()
                try readValue(&self, keyPath)
                skipSpace()
                switch peek {
                case UInt8(ascii: ","):
                    cursor += 1
                    skipSpace()
                case UInt8(ascii: "}"):
                    cursor += 1
                    return
                default:
                    throw unexpected("',' or '}'")
                }
            }
        }

        /// A value at the cursor, inside a container at `depth`.
        mutating func value(depth: Int, path: String) throws(Fault) -> Value {
            switch peek {
            case UInt8(ascii: "\""):
                _ = try string()
                return .other
            case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
                return .number(try number())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < StrictJSON.maximumDepth else {
                    throw Fault(
                        kind: .tooDeep,
                        field: member,
                        message: "nested deeper than \(StrictJSON.maximumDepth)"
                    )
                }
                if peek == UInt8(ascii: "{") {
                    try object(depth: depth + 1, path: path) { reader, key throws(Fault) in
                        _ = try reader.value(depth: depth + 1, path: key)
                    }
                } else {
                    try array(depth: depth + 1, path: path)
                }
                return .other
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw unexpected("a value")
            }
            return .other
        }

        mutating func array(depth: Int, path: String) throws(Fault) {
            cursor += 1
            skipSpace()
            if peek == UInt8(ascii: "]") {
                cursor += 1
                return
            }
            var index = 0
            while true {
                _ = try value(depth: depth, path: "\(path)[\(index)]")
                index += 1
                skipSpace()
                switch peek {
                case UInt8(ascii: ","):
                    cursor += 1
                    skipSpace()
                case UInt8(ascii: "]"):
                    cursor += 1
                    return
                default:
                    throw unexpected("',' or ']'")
                }
            }
        }

        mutating func literal(_ word: String) throws(Fault) {
            let count = word.utf8.count
            guard bytes.count - cursor >= count, bytes[cursor..<cursor + count].elementsEqual(word.utf8) else {
                throw unexpected("a value")
            }
            cursor += count
        }

        /// A number as RFC 8259 writes it: `-`, no leading zero, an optional fraction and exponent. Its text.
        mutating func number() throws(Fault) -> String {
            let start = cursor
            if peek == UInt8(ascii: "-") { cursor += 1 }
            if peek == UInt8(ascii: "0") {
                cursor += 1
            } else {
                try digits()
            }
            if peek == UInt8(ascii: ".") {
                cursor += 1
                try digits()
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                cursor += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { cursor += 1 }
                try digits()
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cursor]), as: UTF8.self)
        }

        mutating func digits() throws(Fault) {
            guard let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                throw unexpected("a digit")
            }
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { cursor += 1 }
        }

        /// A string at its opening quote: its text, unescaped. Control characters must be escaped, bytes must be
        /// UTF-8, and an escaped surrogate must be half of a pair.
        mutating func string() throws(Fault) -> String {
            cursor += 1
            var text: [UInt8] = []
            while true {
                guard let byte = peek else { throw fault("the string does not end") }
                switch byte {
                case UInt8(ascii: "\""):
                    cursor += 1
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    try escape(into: &text)
                case ..<0x20:
                    throw fault(
                        "control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(to: 4)) in a string"
                    )
                case ..<0x80:
                    text.append(byte)
                    cursor += 1
                default:
                    let length = try utf8Sequence()
                    text.append(contentsOf: bytes[cursor..<cursor + length])
                    cursor += length
                }
            }
        }

        /// The length of the UTF-8 sequence at the cursor: no overlong form, no surrogate, nothing past U+10FFFF.
        func utf8Sequence() throws(Fault) -> Int {
            let lead = bytes[cursor]
            let (length, secondRange): (Int, ClosedRange<UInt8>) =
                switch lead {
                case 0xC2...0xDF: (2, 0x80...0xBF)
                case 0xE0: (3, 0xA0...0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
                case 0xED: (3, 0x80...0x9F)
                case 0xF0: (4, 0x90...0xBF)
                case 0xF1...0xF3: (4, 0x80...0xBF)
                case 0xF4: (4, 0x80...0x8F)
                default: (0, 0...0)
                }
            guard length > 0, bytes.count - cursor >= length, secondRange.contains(bytes[cursor + 1]),
                bytes[cursor + 2..<cursor + length].allSatisfy({ (0x80...0xBF).contains($0) })
            else { throw fault("invalid UTF-8") }
            return length
        }

        mutating func escape(into text: inout [UInt8]) throws(Fault) {
            let start = cursor
            cursor += 1
            guard let byte = peek else { throw fault("the string does not end") }
            let simple: UInt8? =
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
            if let simple {
                text.append(simple)
                cursor += 1
                return
            }
            guard byte == UInt8(ascii: "u") else { throw fault("invalid escape") }
            cursor -= 1
            var scalar = try hexEscape()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek == UInt8(ascii: "\\"), let low = try? hexEscape(), (0xDC00...0xDFFF).contains(low) else {
                    throw fault("half a surrogate pair", at: start)
                }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fault("half a surrogate pair", at: start)
            }
            text.append(contentsOf: Unicode.Scalar(scalar)!.utf8)
        }

        /// `\uXXXX` at the cursor: its code unit.
        mutating func hexEscape() throws(Fault) -> UInt32 {
            guard bytes.count - cursor >= 6, bytes[cursor + 1] == UInt8(ascii: "u") else {
                throw fault("invalid escape")
            }
            var unit: UInt32 = 0
            for byte in bytes[cursor + 2..<cursor + 6] {
                guard let digit = Hex.value(of: byte) else { throw fault("invalid escape") }
                unit = unit << 4 | UInt32(digit)
            }
            cursor += 6
            return unit
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
