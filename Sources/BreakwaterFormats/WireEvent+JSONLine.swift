extension WireEvent {
    /// The line as `JSONEncoder` with sorted keys and unescaped slashes writes it, byte for byte, without going
    /// through `Encoder`: writing event lines is the simulator's and export's hot path, and the encoder was most of
    /// its time (a property test holds the two to the same bytes).
    func jsonLine() -> String {
        var members: [(key: String, value: JSONText)] = []
        func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
        func add(_ key: String, _ value: Int64?) { if let value { members.append((key, .number(String(value)))) } }
        func add(_ key: String, _ value: UInt64?) { if let value { members.append((key, .number(String(value)))) } }
        func add(_ key: String, _ value: WireTimestamp?) {
            switch value {
            case .milliseconds(let milliseconds): add(key, milliseconds)
            case .text(let text): add(key, text)
            case nil: break
            }
        }
        add("ts", ts)
        add("kind", kind)
        add("block", block)
        add("tx", tx)
        add("log_index", logIndex)
        add("feed", feed)
        add("asset", asset)
        add("market", market)
        add("price", price)
        add("confidence", confidence)
        add("publish_ts", publishTs)
        add("pool", pool)
        add("account", account)
        add("amount", amount)
        add("size", size)
        add("liquidator", liquidator)
        add("from_pool", fromPool)
        add("to_pool", toPool)
        add("option_type", optionType)
        add("strike", strike)
        add("expiry", expiry)
        add("seller", seller)
        add("premium", premium)
        add("action", action)
        add("domain", domain)
        add("role", role)
        add("module", module)
        if let parameters { members.append(("parameters", .object(parameters.map { ($0.key, JSONText.string($0.value)) }))) }
        add("nonce", nonce)
        add("expires_at", expiresAt)
        if let signatures {
            members.append((
                "signatures",
                .array(signatures.map { signature in
                    .object([("key", signature.key), ("signature", signature.signature)].compactMap { key, value in value.map { (key, .string($0)) } })
                })
            ))
        }
        add("proposal", proposal)
        add("support", support)
        add("key", key)
        add("signature", signature)
        var text = ""
        JSONText.object(members).write(to: &text)
        return text
    }
}

/// JSON text with sorted object keys and JSONEncoder's string escaping.
enum JSONText {
    case string(String)
    case number(String)
    case object([(String, JSONText)])
    case array([JSONText])

    func write(to text: inout String) {
        switch self {
        case .string(let value): Self.write(quoted: value, to: &text)
        case .number(let digits): text += digits
        case .object(let members):
            text += "{"
            for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { text += "," }
                Self.write(quoted: member.0, to: &text)
                text += ":"
                member.1.write(to: &text)
            }
            text += "}"
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                element.write(to: &text)
            }
            text += "]"
        }
    }

    /// A JSON string as JSONEncoder writes it: quote, backslash and control characters escaped, the rest as is.
    static func write(quoted value: String, to text: inout String) {
        text += "\""
        var plain = true
        for unit in value.utf8 where unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case "\u{08}": text += "\\b"
                case "\u{0C}": text += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
