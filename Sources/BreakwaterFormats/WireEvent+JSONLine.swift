import BreakwaterCore

extension WireEvent {
    /// The line as `JSONEncoder` with sorted keys and unescaped slashes writes it, byte for byte, without going
    /// through `Encoder`: writing event lines is the simulator's and export's hot path, and the encoder was most of
    /// its time (a property test holds the two to the same bytes).
    func jsonLine() -> String {
        var bytes: [UInt8] = []
        writeJSONLine(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``jsonLine()``'s bytes to `bytes`. The members are written in sorted key order, fixed here.
    func writeJSONLine(into bytes: inout [UInt8]) {
        var writer = JSONObjectWriter(opening: &bytes)
        writer.string("account", account, into: &bytes)
        writer.string("action", action, into: &bytes)
        writer.string("amount", amount, into: &bytes)
        writer.integer("ancestor_block", ancestorBlock, into: &bytes)
        writer.string("ancestor_hash", ancestorHash, into: &bytes)
        writer.string("asset", asset, into: &bytes)
        writer.integer("block", block, into: &bytes)
        writer.string("block_hash", blockHash, into: &bytes)
        writer.string("by", by, into: &bytes)
        writer.string("confidence", confidence, into: &bytes)
        writer.string("domain", domain, into: &bytes)
        writer.timestamp("expires_at", expiresAt, into: &bytes)
        writer.timestamp("expiry", expiry, into: &bytes)
        writer.string("feed", feed, into: &bytes)
        writer.integer("from_block", fromBlock, into: &bytes)
        writer.string("from_pool", fromPool, into: &bytes)
        writer.string("incident", incident, into: &bytes)
        writer.string("key", key, into: &bytes)
        writer.string("kind", kind, into: &bytes)
        writer.string("liquidator", liquidator, into: &bytes)
        writer.integer("log_index", logIndex, into: &bytes)
        writer.string("market", market, into: &bytes)
        writer.string("module", module, into: &bytes)
        writer.integer("nonce", nonce, into: &bytes)
        writer.string("option_type", optionType, into: &bytes)
        if let parameters {
            writer.key("parameters", into: &bytes)
            var inner = JSONObjectWriter(opening: &bytes)
            // JSONEncoder sorts keys by their UTF-8 bytes; String's `<` compares canonical equivalents equal.
            for (key, value) in parameters.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                inner.string(key, value, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        writer.string("pool", pool, into: &bytes)
        writer.string("premium", premium, into: &bytes)
        writer.string("price", price, into: &bytes)
        writer.integer("proposal", proposal, into: &bytes)
        writer.timestamp("publish_ts", publishTs, into: &bytes)
        writer.string("role", role, into: &bytes)
        writer.string("seller", seller, into: &bytes)
        writer.string("signature", signature, into: &bytes)
        if let signatures {
            writer.key("signatures", into: &bytes)
            bytes.append(UInt8(ascii: "["))
            for (index, entry) in signatures.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                var inner = JSONObjectWriter(opening: &bytes)
                inner.string("key", entry.key, into: &bytes)
                inner.string("signature", entry.signature, into: &bytes)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
        }
        writer.string("size", size, into: &bytes)
        writer.string("strike", strike, into: &bytes)
        writer.string("support", support, into: &bytes)
        writer.string("text", text, into: &bytes)
        writer.integer("to_block", toBlock, into: &bytes)
        writer.string("to_pool", toPool, into: &bytes)
        writer.timestamp("ts", ts, into: &bytes)
        writer.string("tx", tx, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }
}

/// Writes the members of one JSON object into a byte buffer, in the order given (the caller sorts them), strings
/// escaped as `JSONEncoder` escapes them: quote, backslash and control characters, the rest as is. The caller
/// closes the object.
struct JSONObjectWriter {
    private var isFirst = true

    /// Opens an object in `bytes`.
    init(opening bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func key(_ name: StaticString, into bytes: inout [UInt8]) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: StaticString, _ value: String?, into bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, into: &bytes)
        Self.quote(value, into: &bytes)
    }

    /// A member whose key is not known in advance (a parameter's name).
    mutating func string(_ name: String, _ value: String, into bytes: inout [UInt8]) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        Self.quote(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.quote(value, into: &bytes)
    }

    mutating func integer(_ name: StaticString, _ value: Int64?, into bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, into: &bytes)
        Self.appendDigits(value.magnitude, negative: value < 0, to: &bytes)
    }

    mutating func integer(_ name: StaticString, _ value: UInt64?, into bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, into: &bytes)
        Self.appendDigits(value, negative: false, to: &bytes)
    }

    /// An integer's decimal digits, without making a `String`.
    private static func appendDigits(_ magnitude: UInt64, negative: Bool, to bytes: inout [UInt8]) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            var rest = magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: digits[start...])
        }
    }

    /// A member whose value is already a quoted JSON string.
    mutating func quoted(_ name: StaticString, _ value: [UInt8]?, into bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, into: &bytes)
        bytes.append(contentsOf: value)
    }

    /// A decimal, as a JSON string.
    mutating func decimal(_ name: StaticString, _ value: Wad?, into bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        value.appendDecimal(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func timestamp(_ name: StaticString, _ value: WireTimestamp?, into bytes: inout [UInt8]) {
        switch value {
        case .milliseconds(let milliseconds): integer(name, milliseconds, into: &bytes)
        case .text(let text): string(name, text, into: &bytes)
        case nil: break
        }
    }

    /// A JSON string as JSONEncoder writes it.
    static func quote(_ value: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for unit in utf8 {
                switch unit {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
                case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(contentsOf: [hex[Int(unit >> 4)], hex[Int(unit & 0xF)]])
                default: bytes.append(unit)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
