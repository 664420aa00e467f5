public import BreakwaterCore
internal import Crypto

/// A SHA-256 hash chain: each record's hash covers the previous hash and the record's bytes.
///
/// `head = SHA-256(previous head ‖ record bytes)`, starting from 32 zero bytes.
public struct HashChain: Sendable {
    public private(set) var head: [UInt8] = Array(repeating: 0, count: 32)
    public private(set) var count = 0

    public init() {}

    public mutating func append(_ record: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: head)
        hasher.update(data: record)
        let digest = hasher.finalize()
        head.withUnsafeMutableBytes { head in digest.withUnsafeBytes { head.copyMemory(from: $0) } }
        count += 1
    }

    /// The head as lowercase hexadecimal.
    public var headHex: String {
        let digits: [Character] = Array("0123456789abcdef")
        return String(head.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
    }
}

/// The journal stage: chains every event and the engine's decision on it, in order, off the engine's hot path.
///
/// Each event adds two records, the event's canonical bytes and then the decision's, so the head commits to the
/// whole input and everything decided.
public struct JournalChain: Sendable {
    public private(set) var chain = HashChain()
    private var writer = CanonicalWriter()

    public init() {}

    /// Appends an event and its decision.
    public mutating func record(_ event: Event, _ decision: Decision) {
        writer.start(tag: UInt8(ascii: "E"))
        writer.write(event)
        chain.append(writer.bytes)
        writer.start(tag: UInt8(ascii: "D"))
        writer.write(decision)
        chain.append(writer.bytes)
    }

    /// The head as lowercase hexadecimal.
    public var head: String { chain.headHex }
}
