#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reusable buffer holding a hash chain's head followed by the record being written.
///
/// A record is written through a ``RecordWriter`` on the buffer's memory: plain stores, with no check per field but
/// its capacity. The buffer keeps its capacity between records and grows only for a record larger than any before.
struct CanonicalWriter: Sendable {
    /// The size of a head: a SHA-256 digest.
    static let headSize = 32

    /// The head, then the record's bytes up to ``count``; what lies beyond is spare capacity.
    private(set) var bytes = [UInt8](repeating: 0, count: 512)
    private(set) var count = headSize

    init() {}

    /// A buffer whose head is `head`, with no record after it.
    init(head: [UInt8]) {
        precondition(head.count == Self.headSize, "a head is \(Self.headSize) bytes")
        bytes.replaceSubrange(0..<Self.headSize, with: head)
    }

    /// Replaces the record after the head with what `write` writes, which it may be asked to write again with more
    /// room: it must write the same bytes each time.
    mutating func writeRecord(_ write: (inout RecordWriter) -> Void) {
        while true {
            let capacity = bytes.count - Self.headSize
            let written = bytes.withUnsafeMutableBytes { buffer in
                var writer = RecordWriter(base: buffer.baseAddress! + Self.headSize, capacity: capacity)
                write(&writer)
                return writer.overflowed ? nil : writer.count
            }
            if let written {
                count = Self.headSize + written
                return
            }
            bytes.append(contentsOf: repeatElement(0, count: bytes.count))
        }
    }

    /// Whether the record written is `other`, byte for byte.
    func recordEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        guard count - Self.headSize == other.count else { return false }
        guard let otherBytes = other.baseAddress else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Self.headSize, otherBytes, other.count) == 0 }
    }

    /// Whether the head is `hash`.
    func headEquals(_ hash: UnsafeRawBufferPointer) -> Bool {
        guard hash.count == Self.headSize else { return false }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, hash.baseAddress!, Self.headSize) == 0 }
    }

    /// Makes `hash` (32 bytes) the head.
    mutating func setHead(_ hash: UnsafeRawBufferPointer) {
        precondition(hash.count == Self.headSize, "a head is \(Self.headSize) bytes")
        bytes.withUnsafeMutableBytes { $0.copyMemory(from: hash) }
    }

    /// Hashes the head and the record written so far; the digest becomes the head only if it is `expected`.
    ///
    /// - Returns: whether it was.
    mutating func replaceHead(
        ifHashIs expected: UnsafeRawBufferPointer,
        _ hash: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void
    ) -> Bool {
        guard expected.count == Self.headSize else { return false }
        let count = count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.headSize) { digest in
            bytes.withUnsafeMutableBufferPointer { buffer in
                hash(UnsafeBufferPointer(rebasing: buffer[..<count]), digest.baseAddress!)
                guard memcmp(digest.baseAddress!, expected.baseAddress!, Self.headSize) == 0 else { return false }
                buffer.baseAddress!.update(from: digest.baseAddress!, count: Self.headSize)
                return true
            }
        }
    }

    /// Calls `hash` with the head and record written so far and a 32-byte buffer for the digest, which becomes the
    /// head.
    mutating func replaceHead(
        _ hash: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void
    ) {
        let count = count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.headSize) { digest in
            bytes.withUnsafeMutableBufferPointer { buffer in
                hash(UnsafeBufferPointer(rebasing: buffer[..<count]), digest.baseAddress!)
                buffer.baseAddress!.update(from: digest.baseAddress!, count: Self.headSize)
            }
        }
    }
}

/// Writes one record's bytes into memory it was lent: little-endian fixed-width values, one after another.
///
/// A write that would pass the capacity writes nothing and marks the writer overflowed; the record is then written
/// again with more room.
struct RecordWriter {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private(set) var count = 0
    private(set) var overflowed = false

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        guard count + MemoryLayout<T>.size <= capacity else {
            overflowed = true
            return
        }
        (base + count).storeBytes(of: value.littleEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        guard count + bytes.count <= capacity else {
            overflowed = true
            return
        }
        let target = UnsafeMutableRawBufferPointer(start: base + count, count: bytes.count)
        _ = target.initializeMemory(as: UInt8.self, from: bytes)
        count += bytes.count
    }
}

extension CanonicalWriter {
    /// The bytes that `write` writes, as an array: for records read back or stored outside a chain.
    static func bytes(_ write: (inout RecordWriter) -> Void) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.writeRecord(write)
        return Array(writer.bytes[headSize..<writer.count])
    }

    /// The record written last, without the head before it.
    var record: [UInt8] { Array(bytes[Self.headSize..<count]) }
}
