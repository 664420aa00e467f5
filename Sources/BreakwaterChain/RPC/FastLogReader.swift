import BreakwaterEVM

/// Reads an `eth_getLogs` answer of the common shape straight from its bytes: one JSON object with `jsonrpc`, the
/// request's `id` and a `result` array of logs whose strings have no escapes. It allocates only what the logs hold.
///
/// Anything else (an `error`, another id, an escape, a value of another type, a key twice, bytes after the end)
/// makes it return `nil`, and the client reads the answer with `JSONDecoder`, which words every error: so the two
/// give the same logs for every answer this one reads (a test holds them to it). Decoding with `JSONDecoder` was
/// the larger part of Breakwater's time in following a chain (`breakwater chain bench`).
struct FastLogReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The answer's logs, without those a reorg removed, in the answer's order; `nil` if it is not of the common
    /// shape.
    static func logs(in answer: [UInt8], id: Int) -> [ChainLog]? {
        answer.withUnsafeBufferPointer { buffer in
            var reader = FastLogReader(buffer)
            return reader.answer(id: id)
        }
    }

    private mutating func answer(id: Int) -> [ChainLog]? {
        var logs: [ChainLog]?
        var sawID = false
        var sawVersion = false
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
            if spells(key, "result"), logs == nil {
                guard let read = logArray() else { return nil }
                logs = read
            } else if spells(key, "id"), !sawID {
                guard quantityOrInteger(decimal: true) == Int64(id) else { return nil }
                sawID = true
            } else if spells(key, "jsonrpc"), !sawVersion {
                guard let version = string(), spells(version, "2.0") else { return nil }
                sawVersion = true
            } else {
                return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), sawID else { return nil }
        skipSpace()
        return position == bytes.count ? logs : nil
    }

    private mutating func logArray() -> [ChainLog]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var logs: [ChainLog] = []
        if take(UInt8(ascii: "]")) { return logs }
        repeat {
            guard let (log, removed) = log() else { return nil }
            if !removed { logs.append(log) }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? logs : nil
    }

    private mutating func log() -> (ChainLog, removed: Bool)? {
        var address: EVMAddress?
        var topics: [[UInt8]]?
        var data: [UInt8]?
        var blockNumber: Int64?
        var blockHash: [UInt8]?
        var transaction: [UInt8]?
        var logIndex: Int64?
        var removed: Bool?
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
            // A member read twice, or of another type, is left to the decoder: each reading is `nil` then.
            if spells(key, "address") {
                guard address == nil, let read = hexData().flatMap(EVMAddress.init(bytes:)) else { return nil }
                address = read
            } else if spells(key, "topics") {
                guard topics == nil, let read = topicArray() else { return nil }
                topics = read
            } else if spells(key, "data") {
                guard data == nil, let read = hexData() else { return nil }
                data = read
            } else if spells(key, "blockNumber") {
                guard blockNumber == nil, let read = quantityOrInteger(decimal: false) else { return nil }
                blockNumber = read
            } else if spells(key, "blockHash") {
                guard blockHash == nil, let read = hexData() else { return nil }
                blockHash = read
            } else if spells(key, "transactionHash") {
                guard transaction == nil, let read = hexData() else { return nil }
                transaction = read
            } else if spells(key, "logIndex") {
                guard logIndex == nil, let read = quantityOrInteger(decimal: false) else { return nil }
                logIndex = read
            } else if spells(key, "removed") {
                guard removed == nil, let read = boolean() else { return nil }
                removed = read
            } else {
                // A member the logs do not need (transactionIndex, blockTimestamp, …): any value but an object or
                // an array.
                guard skipScalar() else { return nil }
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let address, let topics, let data, let blockNumber, let blockHash,
            let transaction, let logIndex
        else { return nil }
        let log = ChainLog(
            address: address,
            topics: topics,
            data: data,
            blockNumber: blockNumber,
            blockHash: blockHash,
            transactionHash: transaction,
            logIndex: logIndex
        )
        return (log, removed ?? false)
    }

    private mutating func topicArray() -> [[UInt8]]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var topics: [[UInt8]] = []
        if take(UInt8(ascii: "]")) { return topics }
        repeat {
            guard let topic = hexData() else { return nil }
            topics.append(topic)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? topics : nil
    }

    // MARK: Values

    /// The bytes between a string's quotes; `nil` for anything else, or a string with an escape.
    private mutating func string() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return start..<position - 1
            case UInt8(ascii: "\\"), 0..<0x20: return nil
            default: position += 1
            }
        }
        return nil
    }

    /// A `"0x…"` string's bytes: an even number of hexadecimal digits.
    private mutating func hexData() -> [UInt8]? {
        guard let text = string(), text.count >= 2, text.count.isMultiple(of: 2), bytes[text.lowerBound] == 0x30,
            bytes[text.lowerBound + 1] == UInt8(ascii: "x")
        else { return nil }
        var result = [UInt8](repeating: 0, count: (text.count - 2) / 2)
        var index = text.lowerBound + 2
        for offset in result.indices {
            guard let high = Self.digit(bytes[index]), let low = Self.digit(bytes[index + 1]) else { return nil }
            result[offset] = high << 4 | low
            index += 2
        }
        return result
    }

    /// A `"0x1a"` quantity as the node writes it, or (`decimal`) a JSON integer as an id is written.
    private mutating func quantityOrInteger(decimal: Bool) -> Int64? {
        skipSpace()
        guard position < bytes.count else { return nil }
        if decimal {
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]), position - start < 18 {
                position += 1
            }
            guard position > start, position == start + 1 || bytes[start] != 0x30 else { return nil }
            var value: Int64 = 0
            for index in start..<position { value = value * 10 + Int64(bytes[index] - 0x30) }
            return value
        }
        guard let text = string(), text.count > 2, text.count <= 18, bytes[text.lowerBound] == 0x30,
            bytes[text.lowerBound + 1] == UInt8(ascii: "x")
        else { return nil }
        var value: UInt64 = 0
        for index in text.lowerBound + 2..<text.upperBound {
            guard let digit = Self.digit(bytes[index]) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return Int64(exactly: value)
    }

    private mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Passes over a string, number, `true`, `false` or `null`.
    private mutating func skipScalar() -> Bool {
        skipSpace()
        guard position < bytes.count else { return false }
        if bytes[position] == UInt8(ascii: "\"") { return string() != nil }
        if literal("true") || literal("false") || literal("null") { return true }
        let start = position
        while position < bytes.count,
            (0x30...0x39).contains(bytes[position]) || [0x2d, 0x2b, 0x2e, 0x65, 0x45].contains(bytes[position])
        {
            position += 1
        }
        return position > start
    }

    // MARK: Bytes

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0a, 0x0d, 0x09: position += 1
            default: return
            }
        }
    }

    /// Takes `byte` after any white space.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let matches = word.withUTF8Buffer { word in
            position + word.count <= bytes.count && word.indices.allSatisfy { bytes[position + $0] == word[$0] }
        }
        if matches { position += word.utf8CodeUnitCount }
        return matches
    }

    /// Whether the bytes of `range` spell `word`.
    private func spells(_ range: Range<Int>, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            word.count == range.count && word.indices.allSatisfy { bytes[range.lowerBound + $0] == word[$0] }
        }
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
