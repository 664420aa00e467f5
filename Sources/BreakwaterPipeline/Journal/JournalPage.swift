/// Records read from a store in bulk: their fields in one array and their bytes and hashes in one buffer, so a page
/// of any length costs a few allocations rather than two for every record.
///
/// Verification and replay read pages (``ChainVerifier/verify(_:in:)``); ``subscript(_:)`` gives one record as a
/// ``JournalRecord``.
public struct JournalPage: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var sequence: Int
        @usableFromInline var timestamp: Int64
        @usableFromInline var kind: JournalRecord.Kind
        /// Where the record's bytes start in ``storage``; its hash follows them.
        @usableFromInline var start: Int
        @usableFromInline var byteCount: Int32
        @usableFromInline var hashCount: Int32
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var storage: [UInt8] = []
    /// What a store could not read as its type, by index; a record with a defect never verifies.
    private var defects: [Int: String] = [:]

    /// An empty page with room for `records` records of `bytes` bytes in all.
    public init(reservingRecords records: Int = 0, bytes: Int = 0) {
        entries.reserveCapacity(records)
        storage.reserveCapacity(bytes)
    }

    /// A page of `records`.
    public init(_ records: some Collection<JournalRecord>) {
        self.init(reservingRecords: records.count)
        for record in records { append(record) }
    }

    /// The records of `page` in `range`.
    public init(_ page: JournalPage, _ range: Range<Int>) {
        self.init(reservingRecords: range.count)
        append(page, range)
    }

    @inlinable
    public var count: Int { entries.count }
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }
    @inlinable
    public var indices: Range<Int> { entries.indices }

    @inlinable
    public func sequence(at index: Int) -> Int { entries[index].sequence }
    @inlinable
    public func kind(at index: Int) -> JournalRecord.Kind { entries[index].kind }
    @inlinable
    public func timestamp(at index: Int) -> Int64 { entries[index].timestamp }
    public func defect(at index: Int) -> String? { defects.isEmpty ? nil : defects[index] }

    /// The record at `index`, copied out of the page.
    public subscript(index: Int) -> JournalRecord {
        JournalRecord(
            sequence: sequence(at: index),
            timestamp: timestamp(at: index),
            kind: kind(at: index),
            bytes: withBytes(at: index) { Array($0) },
            hash: withHash(at: index) { Array($0) },
            defect: defect(at: index)
        )
    }

    /// Every record, copied out of the page.
    public var records: [JournalRecord] { indices.map { self[$0] } }

    /// Calls `body` with the canonical bytes of the record at `index`.
    @inlinable
    public func withBytes<R, E: Error>(at index: Int, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let entry = entries[index]
        return try withStorage(from: entry.start, count: Int(entry.byteCount), body)
    }

    /// Calls `body` with the stored hash of the record at `index`.
    @inlinable
    public func withHash<R, E: Error>(at index: Int, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let entry = entries[index]
        return try withStorage(from: entry.start + Int(entry.byteCount), count: Int(entry.hashCount), body)
    }

    @inlinable
    func withStorage<R, E: Error>(
        from start: Int,
        count: Int,
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBytes { buffer in
            Result { () throws(E) -> R in try body(UnsafeRawBufferPointer(rebasing: buffer[start..<start + count])) }
        }
        return try result.get()
    }

    /// Appends a record whose bytes and hash are lent for the call.
    public mutating func append(
        sequence: Int,
        timestamp: Int64,
        kind: JournalRecord.Kind,
        bytes: UnsafeRawBufferPointer,
        hash: UnsafeRawBufferPointer,
        defect: String? = nil
    ) {
        if let defect { defects[entries.count] = defect }
        entries.append(
            Entry(
                sequence: sequence,
                timestamp: timestamp,
                kind: kind,
                start: storage.count,
                byteCount: Int32(bytes.count),
                hashCount: Int32(hash.count)
            )
        )
        // As typed buffers, which arrays copy in one move.
        storage.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
        storage.append(contentsOf: hash.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends a record.
    public mutating func append(_ record: JournalRecord) {
        record.bytes.withUnsafeBytes { bytes in
            record.hash.withUnsafeBytes { hash in
                append(
                    sequence: record.sequence,
                    timestamp: record.timestamp,
                    kind: record.kind,
                    bytes: bytes,
                    hash: hash,
                    defect: record.defect
                )
            }
        }
    }

    /// Appends the records of `page` in `range`.
    public mutating func append(_ page: JournalPage, _ range: Range<Int>) {
        guard let first = range.first, let last = range.last else { return }
        let start = page.entries[first].start
        let end = page.entries[last].start + Int(page.entries[last].byteCount) + Int(page.entries[last].hashCount)
        let shift = storage.count - start
        for index in range {
            var entry = page.entries[index]
            entry.start += shift
            if let defect = page.defect(at: index) { defects[entries.count] = defect }
            entries.append(entry)
        }
        storage.append(contentsOf: page.storage[start..<end])
    }
}
