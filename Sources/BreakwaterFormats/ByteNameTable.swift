/// Names interned to small integer ids, looked up by their UTF-8 bytes without building a `String`.
///
/// Open addressing keyed by two machine words read from the bytes: the first and the last eight (or four) bytes.
/// Together with the length they are the whole name up to 16 bytes, so a lookup compares two words and a length,
/// and only a longer name compares its middle bytes too. A longer name's middle bytes also go into its hash, so names
/// that share their ends (`user-000123@example.com`) do not crowd into one probe chain.
struct ByteNameTable: Sendable {
    private struct Entry: Sendable {
        var head: UInt64
        var tail: UInt64
        /// The hash of the bytes between the first and last eight, for names longer than 16 bytes; 0 for the others.
        var middle: UInt64
        var count: Int
        var id: Int
        /// Where the name's bytes start in the arena, for names longer than 16 bytes.
        var start: Int
    }

    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    /// Per bucket: an entry plus one, or 0 when empty.
    private var buckets = [Int32](repeating: 0, count: 16)
    /// How far a hash shifts right to give a bucket: 64 minus the bits of the bucket count.
    private var shift: UInt64 = 60
    /// The hash's multiplier; tables of fixed names choose one that puts every name in its own bucket.
    private var seed: UInt64 = 0xD6E8_FEB8_6659_FD93

    init() {}

    /// Names with their positions as ids; a repeated name keeps its first position, as a dictionary built
    /// first-wins would.
    ///
    /// A table of fixed names is laid out so that every name sits in its own bucket: a lookup probes once.
    init(_ names: [String]) {
        for (position, name) in names.enumerated() where id(of: name) == nil { insert(name, id: position) }
        while buckets.count < 4 * entries.count { grow() }
        var candidate: UInt64 = 1
        while !entries.indices.allSatisfy(isHome), candidate <= 1_000 {
            seed = 0x9E37_79B9_7F4A_7C15 &* candidate | 1
            rebuild()
            candidate += 1
        }
    }

    /// The most buckets a lookup of a name in the table walks past its home bucket.
    var longestProbe: Int {
        buckets.indices.filter { buckets[$0] != 0 }.map { bucket in
            (bucket - self.bucket(of: entries[Int(buckets[bucket]) - 1]) + buckets.count) & (buckets.count - 1)
        }.max() ?? 0
    }

    /// Whether an entry sits in the bucket its hash picks.
    private func isHome(_ index: Int) -> Bool {
        buckets[bucket(of: entries[index])] == Int32(index + 1)
    }

    /// How many names the table holds.
    var count: Int { entries.count }

    func id(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { id(of: $0) }
    }

    /// The id of the name spelled by `bytes`, if it is in the table.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let (head, tail) = Self.words(bytes)
        let middle = Self.middle(bytes)
        var bucket = Int(truncatingIfNeeded: hash(head, tail ^ middle, bytes.count) >> shift)
        return buckets.withUnsafeBufferPointer { buckets in
            entries.withUnsafeBufferPointer { entries in
                while true {
                    let index = Int(buckets[bucket]) - 1
                    if index < 0 { return nil }
                    let entry = entries[index]
                    if entry.head == head, entry.tail == tail, entry.count == bytes.count,
                        bytes.count <= 16 || (entry.middle == middle && middleMatches(entry, bytes))
                    {
                        return entry.id
                    }
                    bucket = (bucket + 1) & (buckets.count - 1)
                }
            }
        }
    }

    /// Adds a name that is not in the table yet, with `id`.
    mutating func insert(_ name: String, id: Int) {
        var name = name
        let (head, tail, middle) = name.withUTF8 { bytes in
            let (head, tail) = Self.words(bytes)
            return (head, tail, Self.middle(bytes))
        }
        entries.append(
            Entry(head: head, tail: tail, middle: middle, count: name.utf8.count, id: id, start: arena.count)
        )
        arena.append(contentsOf: name.utf8)
        if entries.count * 2 > buckets.count {
            grow()
        } else {
            place(entries.count - 1)
        }
    }

    /// Whether a name longer than 16 bytes matches an entry beyond its first and last eight bytes.
    private func middleMatches(_ entry: Entry, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            (8..<bytes.count - 8).allSatisfy { bytes[$0] == arena[entry.start + $0] }
        }
    }

    /// Doubles the buckets and places every entry again.
    private mutating func grow() {
        shift -= 1
        buckets = [Int32](repeating: 0, count: buckets.count * 2)
        rebuild()
    }

    /// Places every entry again, after the bucket count or the seed changed.
    private mutating func rebuild() {
        for bucket in buckets.indices { buckets[bucket] = 0 }
        for entry in entries.indices { place(entry) }
    }

    private func bucket(of entry: Entry) -> Int {
        Int(truncatingIfNeeded: hash(entry.head, entry.tail ^ entry.middle, entry.count) >> shift)
    }

    private mutating func place(_ index: Int) {
        let mask = buckets.count - 1
        var bucket = bucket(of: entries[index])
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = Int32(index + 1)
    }

    /// The first and last eight bytes of a name (of at least 8 bytes), or its first and last four packed into one
    /// word (4 to 7 bytes), or its bytes (fewer).
    @inline(__always)
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            return (
                raw.loadUnaligned(as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            )
        }
        if count >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return (first | last << 32, 0)
        }
        var word: UInt64 = 0
        for index in 0..<count { word |= UInt64(bytes[index]) << (8 * index) }
        return (word, 0)
    }

    /// The bytes of a name longer than 16 bytes between its first and last eight, folded eight at a time (the last
    /// word overlapping); 0 for shorter names.
    @inline(__always)
    private static func middle(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        guard count > 16, let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var folded: UInt64 = 0
        var offset = 8
        while offset < count - 8 {
            let word = raw.loadUnaligned(fromByteOffset: Swift.min(offset, count - 16), as: UInt64.self)
            folded = (folded ^ word) &* 0x9E37_79B9_7F4A_7C15
            offset += 8
        }
        return folded
    }

    /// A multiplicative hash whose top bits pick the bucket.
    @inline(__always)
    private func hash(_ head: UInt64, _ tail: UInt64, _ count: Int) -> UInt64 {
        (head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count)) &* seed
    }
}
