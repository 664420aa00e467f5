/// A reusable buffer holding a hash chain's head followed by the record being written.
///
/// Writes append little-endian fixed-width values at the end; the buffer keeps its capacity between records.
struct CanonicalWriter: Sendable {
    /// The size of a head: a SHA-256 digest.
    static let headSize = 32

    /// The head, then the record's bytes up to ``count``; what lies beyond is spare capacity.
    private(set) var bytes = [UInt8](repeating: 0, count: 256)
    private(set) var count = headSize

    /// Starts a new record after the head.
    mutating func start() { count = Self.headSize }

    /// Makes room for `extra` more bytes.
    private mutating func reserve(_ extra: Int) {
        if count + extra > bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(extra, bytes.count))) }
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self) }
        count += MemoryLayout<T>.size
    }

    mutating func append(_ other: some Collection<UInt8>) {
        reserve(other.count)
        bytes.replaceSubrange(count ..< count + other.count, with: other)
        count += other.count
    }

    /// Calls `hash` with the head and record written so far and a 32-byte buffer for the digest, which becomes the
    /// head.
    mutating func replaceHead(
        _ hash: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void
    ) {
        let count = count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.headSize) { digest in
            bytes.withUnsafeBufferPointer { hash(UnsafeBufferPointer(rebasing: $0[..<count]), digest.baseAddress!) }
            bytes.withUnsafeMutableBufferPointer { head in
                head.baseAddress!.update(from: digest.baseAddress!, count: Self.headSize)
            }
        }
    }
}
