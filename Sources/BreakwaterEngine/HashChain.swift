internal import Crypto

/// A SHA-256 hash chain: each record's hash covers the previous hash and the record's bytes.
///
/// `head = SHA-256(previous head ‖ record bytes)`, starting from 32 zero bytes.
public struct HashChain: Sendable, Hashable {
    public private(set) var head: [UInt8] = Array(repeating: 0, count: 32)
    public private(set) var count = 0

    public init() {}

    public mutating func append(_ record: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: head)
        hasher.update(data: record)
        head = Array(hasher.finalize())
        count += 1
    }

    /// The head as lowercase hexadecimal.
    public var headHex: String {
        let digits: [Character] = Array("0123456789abcdef")
        return String(head.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
    }
}
