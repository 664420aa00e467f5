/// Checks a journal's records in order: the hash chain, the sequence, and that each record's kind and timestamp
/// columns and its place in the journal agree with its bytes.
///
/// Records are checked one at a time as they are read, so a journal of any length is verified in constant memory.
/// The first record that fails is named; the ones before it verified.
public struct ChainVerifier: Sendable {
    /// A record that did not verify, and why.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based sequence number of the record.
        public var sequence: Int
        public var reason: String

        public var description: String { "record \(sequence): \(reason)" }
    }

    private var chain = HashChain()
    /// How many records verified.
    public private(set) var count = 0
    /// The timestamp of the last event record, which its accounts and decision carry.
    private var eventTimestamp: Int64 = 0
    private var events = 0
    private var accounts = 0
    /// Whether the last event's decision is still to come.
    private var awaitingDecision = false
    /// The header, once the first record is read.
    public private(set) var header: JournalHeader?

    public init() {}

    /// The hash of the last record that verified, as lowercase hexadecimal.
    public var head: String { chain.headHex }

    /// Checks the next record.
    public mutating func verify(_ record: JournalRecord) throws(Failure) {
        try verify(JournalPage([record]))
    }

    /// Checks the records of `page`, in order, as the next records.
    public mutating func verify(_ page: JournalPage) throws(Failure) {
        for index in page.indices { try verify(page, at: index) }
    }

    /// Checks the record at `index` in `page` as the next record.
    public mutating func verify(_ page: JournalPage, at index: Int) throws(Failure) {
        let sequence = count + 1
        func fail(_ reason: String) -> Failure { Failure(sequence: sequence, reason: reason) }
        let stored = page.sequence(at: index)
        guard stored >= sequence else {
            throw fail("a record numbered \(stored) is stored before it")
        }
        guard stored == sequence else {
            throw fail("missing (the next record stored is \(stored))")
        }
        if let defect = page.defect(at: index) { throw fail(defect) }
        let kind = page.kind(at: index)
        let timestamp = page.timestamp(at: index)
        try page.withBytes(at: index) { bytes throws(Failure) in
            guard let tag = bytes.first, let bytesKind = JournalRecord.Kind(tag: tag) else {
                throw fail("its bytes do not start with a record kind")
            }
            guard bytesKind == kind else {
                throw fail(
                    "its kind column says \(kind.rawValue) but its bytes are a record of kind \(bytesKind.rawValue)"
                )
            }
            try check(kind, timestamp: timestamp, bytes: bytes, sequence: sequence, fail)
            guard page.withHash(at: index, { chain.append(bytes, ifHashIs: $0) }) else {
                throw fail("its hash is not the SHA-256 of the previous hash and its bytes: the record was altered")
            }
        }
        count = sequence
    }

    /// Checks that a record of `kind` may come next and that its bytes agree with its timestamp column.
    private mutating func check(
        _ kind: JournalRecord.Kind,
        timestamp: Int64,
        bytes: UnsafeRawBufferPointer,
        sequence: Int,
        _ fail: (String) -> Failure
    ) throws(Failure) {
        switch kind {
        case .header:
            guard sequence == 1 else { throw fail("a header after the first record") }
            do {
                header = try JournalHeader(canonical: Array(bytes))
            } catch {
                throw fail(error.message)
            }
            guard timestamp == 0 else { throw fail("the header's timestamp column is \(timestamp), not 0") }
        case .event:
            try expectHeader(fail)
            guard !awaitingDecision else { throw fail("an event before the decision on the event before it") }
            let stated = Self.int64(in: bytes, at: 1)
            guard stated == timestamp else {
                throw fail(
                    "its timestamp column says \(timestamp) but its bytes say \(stated.map(String.init) ?? "nothing")"
                )
            }
            eventTimestamp = timestamp
            events += 1
            awaitingDecision = true
        case .account:
            guard awaitingDecision else { throw fail("an account record outside an event") }
            guard let id = Self.int32(in: bytes, at: 1), id == accounts else {
                throw fail("it does not bind the next account id, \(accounts)")
            }
            try expectEventTimestamp(timestamp, fail)
            accounts += 1
        case .decision:
            guard awaitingDecision else { throw fail("a decision without its event") }
            guard let decided = Self.int64(in: bytes, at: 1), decided == events else {
                throw fail("it is not the decision on event \(events)")
            }
            try expectEventTimestamp(timestamp, fail)
            awaitingDecision = false
        case .incident:
            guard events > 0 && !awaitingDecision else { throw fail("an incident step before its event's decision") }
            guard let decided = Self.int64(in: bytes, at: 1), decided == events else {
                throw fail("it is not a step of the decision on event \(events)")
            }
            try expectEventTimestamp(timestamp, fail)
        }
    }

    /// Checks that the journal ends where a run can end: after the header or a decision.
    public func finish() throws(Failure) {
        guard count > 0 else { throw Failure(sequence: 1, reason: "missing: the journal is empty") }
        guard !awaitingDecision else {
            throw Failure(sequence: count + 1, reason: "missing: the last event has no decision")
        }
    }

    private func expectHeader(_ fail: (String) -> Failure) throws(Failure) {
        guard header != nil else { throw fail("the journal does not start with a header") }
    }

    private func expectEventTimestamp(_ timestamp: Int64, _ fail: (String) -> Failure) throws(Failure) {
        guard timestamp == eventTimestamp else {
            throw fail("its timestamp column says \(timestamp) but its event's is \(eventTimestamp)")
        }
    }

    private static func int64(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int64? {
        guard bytes.count >= offset + 8 else { return nil }
        return Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    private static func int32(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
        guard bytes.count >= offset + 4 else { return nil }
        return Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
}
