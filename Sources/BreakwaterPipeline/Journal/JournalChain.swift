public import BreakwaterCore
public import BreakwaterEngine

/// The journal stage: chains the header, then every event and the engine's decision on it, in order, off the
/// engine's hot path.
///
/// Each event adds its record, a record for each account name it is the first to use, and its decision's record,
/// so the head commits to the config, the whole input and everything decided. For a store, the chain keeps the
/// records past a given count (``keepRecords(after:expectingHead:)``), and a run that resumes a journal checks that
/// its records up to there are the journal's.
public struct JournalChain: Sendable {
    public private(set) var chain = HashChain()
    /// How many account names have been bound.
    private var accountsBound = 0
    /// Records past this count are kept for a store; `nil` keeps none.
    private var keepsAfter: Int?
    /// The head the journal holds at ``keepsAfter``, when resuming.
    private var expectedHead: [UInt8]?
    private var kept: [JournalRecord] = []
    /// Whether the records up to ``keepsAfter`` differ from the ones the journal holds.
    public private(set) var diverged = false
    /// The header record's bytes.
    public let headerBytes: [UInt8]
    /// Stored, verified records the next records are expected to equal (``follow(_:_:)``): a page and the indices
    /// of the ones still to come.
    private var followed = JournalPage()
    private var followedNext = 0..<0

    /// Starts a chain with its header record.
    public init(header: JournalHeader) {
        headerBytes = header.canonicalBytes
        chain.append(headerBytes)
    }

    /// Goes on from a snapshot: the chain of a run that had recorded `chain`'s records and bound `accountsBound`
    /// account names. Call it on a chain that holds only its header.
    public mutating func restore(_ chain: HashChain, accountsBound: Int) {
        precondition(self.chain.count == 1 && keepsAfter == nil, "a chain is restored before it records anything")
        self.chain = chain
        self.accountsBound = accountsBound
    }

    /// How many account names the chain has bound, which a snapshot keeps.
    public var boundAccounts: Int { accountsBound }

    /// The number of records so far.
    public var count: Int { chain.count }

    /// The head as lowercase hexadecimal.
    public var head: String { chain.headHex }

    /// Appends an event, the names of the accounts it is the first to use, its decision, and the incident steps the
    /// decision took.
    ///
    /// - Parameter accounts: the names of every account seen so far, in the order of their ids.
    public mutating func record(_ event: Event, _ decision: Decision, accounts: [String]) {
        let timestamp = event.timestamp.milliseconds
        append { $0.write(event) }
        if keepsAfter != nil { keep(.event, at: timestamp) }
        while accountsBound < accounts.count {
            let id = Int32(accountsBound)
            append { $0.writeAccount(id, name: accounts[Int(id)]) }
            accountsBound += 1
            if keepsAfter != nil { keep(.account, at: timestamp) }
        }
        append { $0.write(decision) }
        if keepsAfter != nil { keep(.decision, at: timestamp) }
        for step in decision.incidentSteps {
            append { $0.write(step, decision: decision.sequence) }
            if keepsAfter != nil { keep(.incident, at: timestamp) }
        }
    }

    /// Expects the next records to be those of `page` in `range`: stored records that verified, read back from a
    /// journal one event at a time, the record before them at `range.lowerBound - 1`. Only when this chain's head
    /// is that record's hash, each next record whose bytes match takes its stored hash instead of being hashed
    /// again (the hash is then what hashing gives); from the first difference the chain hashes, so its head is
    /// always exact.
    public mutating func follow(_ page: JournalPage, _ range: Range<Int>) {
        precondition(range.lowerBound > 0, "the record before the ones followed is in the page")
        let continues = page.withHash(at: range.lowerBound - 1) { chain.headEquals($0) }
        followed = page
        followedNext = continues ? range : 0..<0
    }

    private mutating func append(_ write: (inout RecordWriter) -> Void) {
        guard let expected = followedNext.first else { return chain.append(write) }
        guard chain.append(write, expecting: followed, at: expected) else {
            followedNext = 0..<0
            return
        }
        followedNext = followedNext.dropFirst()
    }

    /// Starts keeping every record past `count` for ``takeRecords()``; call it before the first event, or the first
    /// after a restored snapshot at or before `count`.
    ///
    /// - Parameters:
    ///   - count: how many records the store already holds; they are not kept.
    ///   - head: the hash of the store's last record, which this chain's must equal when it reaches `count`
    ///     (otherwise ``diverged`` turns true).
    public mutating func keepRecords(after count: Int, expectingHead head: [UInt8]?) {
        precondition(
            keepsAfter == nil && chain.count <= max(count, 1),
            "keepRecords(after:expectingHead:) is called once, before the records it keeps"
        )
        keepsAfter = count
        expectedHead = head
        if count == 0 {
            kept.append(JournalRecord(sequence: 1, timestamp: 0, kind: .header, bytes: headerBytes, hash: chain.head))
        } else if count == chain.count, let head {
            diverged = head != chain.head
        }
    }

    /// How many records are kept, waiting for ``takeRecords()``.
    public var keptCount: Int { kept.count }

    /// The records kept since the last call, in order.
    public mutating func takeRecords() -> [JournalRecord] {
        defer { kept.removeAll(keepingCapacity: true) }
        return kept
    }

    private mutating func keep(_ kind: JournalRecord.Kind, at timestamp: Int64) {
        guard let keepsAfter else { return }
        let sequence = chain.count
        if sequence > keepsAfter {
            kept.append(
                JournalRecord(
                    sequence: sequence,
                    timestamp: timestamp,
                    kind: kind,
                    bytes: chain.lastRecord,
                    hash: chain.head
                )
            )
        } else if sequence == keepsAfter, let expectedHead, expectedHead != chain.head {
            diverged = true
        }
    }
}

extension RecordWriter {
    /// Writes an account record: the id and the name it stands for.
    mutating func writeAccount(_ id: Int32, name: String) {
        write(JournalRecord.Kind.account.tag)
        write(id)
        write(name)
    }
}
