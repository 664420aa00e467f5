/// Names interned to small integer ids, looked up by their UTF-8 bytes without building a `String`.
///
/// Open addressing over one byte arena: a lookup hashes the bytes (FNV-1a), probes, and compares lengths and
/// bytes.
struct ByteNameTable: Sendable {
    private var arena: [UInt8] = []
    /// Per entry: where its name starts in the arena, its length and its id.
    private var spans: [(start: Int, count: Int, id: Int)] = []
    /// Per bucket: an entry plus one, or 0 when empty.
    private var buckets = [Int32](repeating: 0, count: 16)

    init() {}

    /// Names with their positions as ids; a repeated name keeps its first position, as a dictionary built
    /// first-wins would.
    init(_ names: [String]) {
        for (position, name) in names.enumerated() where id(of: name) == nil { insert(name, id: position) }
    }

    /// How many names the table holds.
    var count: Int { spans.count }

    func id(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { id(of: $0) }
    }

    /// The id of the name spelled by `bytes`, if it is in the table.
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = buckets.count - 1
        var bucket = Self.hash(bytes) & mask
        while true {
            let entry = Int(buckets[bucket])
            if entry == 0 { return nil }
            let span = spans[entry - 1]
            if span.count == bytes.count && arena.withUnsafeBufferPointer({ arena in
                bytes.elementsEqual(arena[span.start..<span.start + span.count])
            }) {
                return span.id
            }
            bucket = (bucket + 1) & mask
        }
    }

    /// Adds a name that is not in the table yet, with `id`.
    mutating func insert(_ name: String, id: Int) {
        spans.append((arena.count, name.utf8.count, id))
        arena.append(contentsOf: name.utf8)
        if spans.count * 2 > buckets.count {
            buckets = [Int32](repeating: 0, count: buckets.count * 2)
            for entry in spans.indices { place(entry) }
        } else {
            place(spans.count - 1)
        }
    }

    private mutating func place(_ entry: Int) {
        let span = spans[entry]
        let mask = buckets.count - 1
        var bucket = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[span.start..<span.start + span.count])) } & mask
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = Int32(entry + 1)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
