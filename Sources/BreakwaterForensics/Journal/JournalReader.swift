public import BreakwaterCore
public import BreakwaterEngine
import BreakwaterFormats

/// Reads the input events back out of a stored journal, verifying the chain as it goes.
///
/// Events come with the names of their accounts, so they can be written as the JSON Lines stream they were read
/// from (``exportLines(_:write:)``) or run through the engine again.
public enum JournalReader {
    /// The header of a stored journal.
    ///
    /// - Throws: ``JournalError`` if the journal is empty or its first record is not a header this build reads.
    public static func header(of store: any JournalStore) async throws(JournalError) -> JournalHeader {
        guard let first = try await store.records(from: 1, limit: 1).first else {
            throw JournalError(.storage, "the journal is empty")
        }
        return try JournalHeader(canonical: first.bytes)
    }

    /// The protocol config a journal was written with.
    ///
    /// - Throws: ``JournalError`` if the config was built in code (the journal holds no text for it) or does not
    ///   load.
    public static func config(of header: JournalHeader) throws(JournalError) -> ProtocolConfig {
        guard !header.configYAML.isEmpty else {
            throw JournalError(.headerMismatch, "the journal's config was built in code and is not in the journal")
        }
        do {
            return try ConfigLoader.load(yaml: header.configYAML)
        } catch {
            throw JournalError(.headerMismatch, "the journal's config does not load: \(error)")
        }
    }

    /// Calls `body` with every event in order, with the accounts bound up to it, once its decision has verified.
    ///
    /// - Throws: ``JournalError`` if the store cannot be read, a record does not verify (``JournalError/Code/malformedRecord``,
    ///   naming it) or `body` throws one.
    public static func forEachEvent(
        in store: any JournalStore,
        config: ProtocolConfig,
        _ body: (Event, AccountDirectory) throws(JournalError) -> Void
    ) async throws(JournalError) {
        try await forEachEvent(in: store, config: config) { event, accounts, _ throws(JournalError) in try body(event, accounts) }
    }

    /// ``forEachEvent(in:config:_:)`` with the event's stored records (the event, its accounts, its decision, its
    /// incident steps), all verified, and the hash of the record before them.
    ///
    /// Pages are read and verified one ahead, on another task, while `body` runs over the page before.
    public static func forEachEvent(
        in store: any JournalStore,
        config: ProtocolConfig,
        pageSize: Int = 16_384,
        _ body: (Event, AccountDirectory, StoredEvent) throws(JournalError) -> Void
    ) async throws(JournalError) {
        var decoder = CanonicalDecoder(config: config)
        var accounts = AccountDirectory()
        // An event is read once its records are all in: its accounts bound, its decision and incident steps read,
        // that is at the next event or at the end.
        var eventRecords: [JournalRecord] = []
        var previousHash: [UInt8] = []
        func finishEvent() throws(JournalError) {
            guard let first = eventRecords.first, let last = eventRecords.last else { return }
            do {
                try body(try decoder.event(first.bytes), accounts, StoredEvent(records: eventRecords[...], previousHash: previousHash))
            } catch {
                guard error.code == .malformedRecord else { throw error }
                throw JournalError(.malformedRecord, "record \(first.sequence): \(error.message)")
            }
            previousHash = last.hash
            eventRecords.removeAll(keepingCapacity: true)
        }
        var next: Task<VerifiedPage, any Error>? = Task { try await VerifiedPage.read(store, from: 1, limit: pageSize, after: ChainVerifier()) }
        do {
            while let reading = next {
                let page = try await reading.value
                next = page.isLast ? nil : Task { try await VerifiedPage.read(store, from: page.nextSequence, limit: pageSize, after: page.verifier) }
                if page.isLast { try page.verifier.finish() }
                for record in page.records {
                    switch record.kind {
                    case .header: previousHash = record.hash
                    case .event:
                        try finishEvent()
                        eventRecords.append(record)
                    case .account:
                        do {
                            _ = accounts.intern(try decoder.account(record.bytes))
                        } catch {
                            throw JournalError(.malformedRecord, "record \(record.sequence): \(error.message)")
                        }
                        eventRecords.append(record)
                    case .decision, .incident:
                        eventRecords.append(record)
                    }
                }
            }
            try finishEvent()
        } catch let failure as ChainVerifier.Failure {
            next?.cancel()
            throw JournalError(.malformedRecord, failure.description)
        } catch {
            next?.cancel()
            throw JournalError.wrapping(error)
        }
    }

    /// Writes the journal's input events as lines of the JSON Lines stream, which `replay` reads back to the same
    /// journal.
    ///
    /// - Returns: how many events were written.
    @discardableResult
    public static func exportLines(
        _ store: any JournalStore,
        write: (String) throws(JournalError) -> Void
    ) async throws(JournalError) -> Int {
        let config = try config(of: try await header(of: store))
        let encoder = EventEncoder(config: config)
        var count = 0
        try await forEachEvent(in: store, config: config) { event, accounts throws(JournalError) in
            try write(encoder.line(for: event, accounts: accounts))
            count += 1
        }
        return count
    }
}

/// One page of records that verified, and the verifier's state after it.
private struct VerifiedPage: Sendable {
    var records: [JournalRecord]
    var verifier: ChainVerifier
    var isLast: Bool
    var nextSequence: Int

    static func read(_ store: any JournalStore, from sequence: Int, limit: Int, after verifier: ChainVerifier) async throws -> VerifiedPage {
        var verifier = verifier
        let records = try await store.records(from: sequence, limit: limit)
        for record in records { try verifier.verify(record) }
        return VerifiedPage(
            records: records, verifier: verifier, isLast: records.count < limit,
            nextSequence: (records.last?.sequence ?? sequence - 1) + 1
        )
    }
}

/// An event's records as the journal stores them, verified.
public struct StoredEvent: Sendable {
    /// The event, its account records, its decision and its incident steps.
    public var records: ArraySlice<JournalRecord>
    /// The hash of the record before them.
    public var previousHash: [UInt8]
}
