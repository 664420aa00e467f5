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
        var verifier = ChainVerifier()
        var decoder = CanonicalDecoder(config: config)
        var accounts = AccountDirectory()
        // An event is read at its decision, once the account records after it have bound the ids it uses.
        var pending: [UInt8]?
        do {
            try await store.forEachRecord { record in
                try verifier.verify(record)
                do {
                    switch record.kind {
                    case .header: break
                    case .event: pending = record.bytes
                    case .account: _ = accounts.intern(try decoder.account(record.bytes))
                    case .decision:
                        if let event = pending { try body(try decoder.event(event), accounts) }
                        pending = nil
                    }
                } catch let error as JournalError where error.code == .malformedRecord {
                    // An event is read at its decision: name the event's record.
                    let sequence = record.kind == .decision ? "the event before record \(record.sequence)" : "record \(record.sequence)"
                    throw JournalError(.malformedRecord, "\(sequence): \(error.message)")
                }
            }
            try verifier.finish()
        } catch let failure as ChainVerifier.Failure {
            throw JournalError(.malformedRecord, failure.description)
        } catch {
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
