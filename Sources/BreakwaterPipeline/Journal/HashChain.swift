import BreakwaterCore
internal import CBoringSHA256

/// A SHA-256 hash chain: each record's hash covers the previous hash and the record's bytes.
///
/// `head = SHA-256(previous head ‖ record bytes)`, starting from 32 zero bytes.
public struct HashChain: Sendable {
    /// The previous head followed by the record being written, so a record is hashed where it was written.
    private var writer = CanonicalWriter()
    public private(set) var count = 0

    public init() {}

    /// The chain as it stood after `count` records ending at `head`: it goes on from there.
    public init(count: Int, head: [UInt8]) {
        writer = CanonicalWriter(head: head)
        self.count = count
    }

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

    /// Appends `record` if its hash after this chain's head is `hash`; otherwise the chain is left as it was.
    ///
    /// - Returns: whether the hash was `hash`.
    mutating func append(_ record: UnsafeRawBufferPointer, ifHashIs hash: UnsafeRawBufferPointer) -> Bool {
        writer.writeRecord { $0.append(record) }
        guard
            writer.replaceHead(
                ifHashIs: hash,
                { buffer, digest in breakwater_sha256(buffer.baseAddress, buffer.count, digest) }
            )
        else {
            return false
        }
        count += 1
        return true
    }

    /// Appends the record `write` writes; when its bytes are those of the record at `index` in `page`, takes that
    /// record's stored hash as the new head instead of hashing. The caller vouches that the record verified after
    /// this chain's head (a journal read back and verified), so its hash is what hashing would give.
    ///
    /// - Returns: whether the bytes were the stored record's.
    mutating func append(_ write: (inout RecordWriter) -> Void, expecting page: JournalPage, at index: Int) -> Bool {
        writer.writeRecord(write)
        guard page.withBytes(at: index, { writer.recordEquals($0) }),
            page.withHash(at: index, { $0.count == CanonicalWriter.headSize })
        else {
            seal()
            return false
        }
        page.withHash(at: index) { writer.setHead($0) }
        count += 1
        return true
    }

    /// Whether the head is `hash`, compared in place.
    public func headEquals(_ hash: [UInt8]) -> Bool { hash.withUnsafeBytes { writer.headEquals($0) } }

    /// Whether the head is `hash`, compared in place.
    func headEquals(_ hash: UnsafeRawBufferPointer) -> Bool { writer.headEquals(hash) }

    /// Hashes the head and the record just written into the new head.
    private mutating func seal() {
        writer.replaceHead { buffer, digest in breakwater_sha256(buffer.baseAddress, buffer.count, digest) }
        count += 1
    }

    /// The head as lowercase hexadecimal.
    public var headHex: String { head.hexString }

    /// The bytes of the record appended last.
    var lastRecord: [UInt8] { writer.record }
}
