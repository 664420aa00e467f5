import BigInt

/// Reads the parameters of one event's logs: the indexed ones from the topics after the first, the others from the
/// data, as the Solidity ABI lays them out.
///
/// A log that is not what the signature says (the wrong topic, a topic or a data word missing, an offset past the
/// end, a value out of its type's range, text that is not UTF-8) is an ``ABIError``, never a crash.
public struct LogDecoder: Sendable {
    public let signature: EventSignature
    private let topic: [UInt8]

    /// A decoder of `signature`'s logs.
    public init(_ signature: EventSignature) {
        self.signature = signature
        topic = signature.topic
    }

    /// The parameters of a log with `topics` and `data`, by name.
    ///
    /// - Throws: ``ABIError`` (`badLog`) naming what does not decode.
    public func decode(topics: [[UInt8]], data: [UInt8]) throws(ABIError) -> [String: ABIValue] {
        guard topics.first == topic else {
            throw ABIError(.badLog, "its first topic is not the hash of \(signature.canonical)")
        }
        let indexed = signature.parameters.filter(\.isIndexed)
        guard topics.count == indexed.count + 1, topics.allSatisfy({ $0.count == 32 }) else {
            throw ABIError(.badLog, "it has \(topics.count) topics; \(signature.canonical) has \(indexed.count + 1)")
        }
        var values: [String: ABIValue] = [:]
        for (parameter, word) in zip(indexed, topics.dropFirst()) {
            // An indexed bytes or string is its hash.
            values[parameter.name] =
                parameter.type.isDynamic ? .bytes(word) : try Self.word(word, as: parameter.type, parameter.name)
        }
        let unindexed = signature.parameters.filter { !$0.isIndexed }
        guard data.count >= unindexed.count * 32, data.count % 32 == 0 else {
            throw ABIError(
                .badLog,
                "its data has \(data.count) bytes; \(signature.canonical) needs whole words for \(unindexed.count)"
            )
        }
        for (slot, parameter) in unindexed.enumerated() {
            let head = Array(data[slot * 32..<slot * 32 + 32])
            values[parameter.name] =
                parameter.type.isDynamic
                ? try Self.dynamic(at: head, in: data, as: parameter.type, parameter.name)
                : try Self.word(head, as: parameter.type, parameter.name)
        }
        return values
    }

    /// A static value from its 32-byte word.
    private static func word(_ word: [UInt8], as type: ABIType, _ name: String) throws(ABIError) -> ABIValue {
        let unsigned = Self.unsigned(word)
        switch type {
        case .address:
            guard word.prefix(12).allSatisfy({ $0 == 0 }) else { throw outOfRange(name, type) }
            return .address(EVMAddress(bytes: Array(word.suffix(20)))!)
        case .bool:
            guard unsigned <= 1 else { throw outOfRange(name, type) }
            return .bool(unsigned == 1)
        case .uint(let bits):
            guard unsigned.bitWidth <= bits else { throw outOfRange(name, type) }
            return .uint(unsigned)
        case .int(let bits):
            // Two's complement over 256 bits, sign-extended from `bits`.
            let value = word[0] & 0x80 != 0 ? BigInt(unsigned) - (BigInt(1) << 256) : BigInt(unsigned)
            let bound = BigInt(1) << (bits - 1)
            guard value >= -bound, value < bound else { throw outOfRange(name, type) }
            return .int(value)
        case .fixedBytes(let size):
            guard word.dropFirst(size).allSatisfy({ $0 == 0 }) else { throw outOfRange(name, type) }
            return .bytes(Array(word.prefix(size)))
        case .bytes, .string:
            throw ABIError(.badLog, "\(name): a dynamic value is not a word")
        }
    }

    /// A dynamic value, through the offset in its head word.
    static func dynamic(
        at head: [UInt8],
        in data: [UInt8],
        as type: ABIType,
        _ name: String
    ) throws(ABIError) -> ABIValue {
        let offset = Self.unsigned(head)
        guard offset % 32 == 0, offset + 32 <= BigUInt(data.count), let start = Int(exactly: offset) else {
            throw ABIError(.badLog, "\(name): its offset \(offset) is not inside the data")
        }
        let length = Self.unsigned(Array(data[start..<start + 32]))
        guard length + BigUInt(start + 32) <= BigUInt(data.count), let count = Int(exactly: length) else {
            throw ABIError(.badLog, "\(name): its length \(length) runs past the data")
        }
        let bytes = Array(data[start + 32..<start + 32 + count])
        guard type == .string else { return .bytes(bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ABIError(.badLog, "\(name): the string is not UTF-8")
        }
        return .string(text)
    }

    /// A big-endian word as an unsigned number.
    static func unsigned(_ word: [UInt8]) -> BigUInt {
        word.withUnsafeBytes { BigUInt($0) }
    }

    private static func outOfRange(_ name: String, _ type: ABIType) -> ABIError {
        ABIError(.badLog, "\(name): the word is not a \(type)")
    }
}
