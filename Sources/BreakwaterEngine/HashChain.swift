public import BreakwaterCore
internal import CBoringSHA256

/// A SHA-256 hash chain: each record's hash covers the previous hash and the record's bytes.
///
/// `head = SHA-256(previous head ‖ record bytes)`, starting from 32 zero bytes.
public struct HashChain: Sendable {
    /// The previous head followed by the record being written, so a record is hashed where it was written.
    private var writer = CanonicalWriter()
    public private(set) var count = 0

    public init() {}

    /// The current head.
    public var head: [UInt8] { Array(writer.bytes[..<CanonicalWriter.headSize]) }

    /// Appends a record given as bytes.
    public mutating func append(_ record: [UInt8]) {
        append { $0.append(record) }
    }

    /// Appends the record that `write` puts into the chain's own buffer, which it reuses: no copy, no allocation.
    /// `write` may be called again with more room, and must write the same bytes each time.
    mutating func append(_ write: (inout RecordWriter) -> Void) {
        writer.writeRecord(write)
        seal()
    }

    /// Hashes the head and the record just written into the new head.
    private mutating func seal() {
        writer.replaceHead { buffer, digest in breakwater_sha256(buffer.baseAddress, buffer.count, digest) }
        count += 1
    }

    /// The head as lowercase hexadecimal.
    public var headHex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: head.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}

/// The journal stage: chains every event and the engine's decision on it, in order, off the engine's hot path.
///
/// Each event adds two records, the event's canonical bytes and then the decision's, so the head commits to the
/// whole input and everything decided.
public struct JournalChain: Sendable {
    public private(set) var chain = HashChain()

    public init() {}

    /// Appends an event and its decision.
    public mutating func record(_ event: Event, _ decision: Decision) {
        chain.append { $0.write(event) }
        chain.append { $0.write(decision) }
    }

    /// The head as lowercase hexadecimal.
    public var head: String { chain.headHex }
}
