public import BreakwaterCore
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
        try await forEachEvent(in: store, config: config) { event, accounts, _ throws(JournalError) in
            try body(event, accounts)
        }
    }

    /// ``forEachEvent(in:config:_:)`` with the event's stored records (the event, its accounts, its decision, its
    /// incident steps), all verified, and the record before them.
    ///
    /// Pages are read, verified and decoded one ahead, on another task, while `body` runs over the page before.
    public static func forEachEvent(
        in store: any JournalStore,
        config: ProtocolConfig,
        pageSize: Int = 16_384,
        _ body: (Event, AccountDirectory, StoredEvent) throws(JournalError) -> Void
    ) async throws(JournalError) {
        var accounts = AccountDirectory()
        let format = try await header(of: store).formatVersion
        let start = EventPage.Cursor(decoder: CanonicalDecoder(config: config, formatVersion: format))
        var next: Task<EventPage, any Error>? = Task { try await EventPage.read(store, after: start, limit: pageSize) }
        do {
            while let reading = next {
                let page = try await reading.value
                next =
                    page.isLast
                    ? nil
                    : Task { [cursor = page.cursor] in try await EventPage.read(store, after: cursor, limit: pageSize) }
                for event in page.events {
                    for name in event.accountNames { _ = accounts.intern(name) }
                    try body(event.event, accounts, StoredEvent(page: page.records, range: event.records))
                }
            }
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

/// Records that verified, cut after an event's last record, and the events they hold, decoded.
private struct EventPage: Sendable {
    /// Where reading goes on from.
    struct Cursor: Sendable {
        var verifier = ChainVerifier()
        var decoder: CanonicalDecoder
        var next = 1
        /// The record before the event still open at the end of the last page, and that event's records so far.
        var carry = JournalPage()
    }

    struct DecodedEvent: Sendable {
        var event: Event
        /// The names its account records bind.
        var accountNames: [String]
        /// Its records in ``EventPage/records``.
        var records: Range<Int>
    }

    /// The record before the first event's, then the events' records.
    var records: JournalPage
    var events: [DecodedEvent] = []
    var cursor: Cursor
    var isLast: Bool

    /// The page after `cursor`, of the events whose records end within the next `limit` stored records (all of
    /// them at the end of the journal).
    static func read(_ store: any JournalStore, after cursor: Cursor, limit: Int) async throws -> EventPage {
        var cursor = cursor
        let records = try await store.page(from: cursor.next, limit: limit, appendingTo: cursor.carry)
        let stored = cursor.carry.count..<records.count
        for index in stored { try cursor.verifier.verify(records, at: index) }
        let isLast = stored.count < limit
        if isLast { try cursor.verifier.finish() }
        cursor.next += stored.count
        // An event may have more records in the next page: it stays open, carried with the record before it.
        let end = isLast ? records.count : records.indices.dropFirst().last { records.kind(at: $0) == .event } ?? 1
        // The record before the next page's first event goes with it, even when no event is open (a page of one).
        cursor.carry = isLast ? JournalPage() : JournalPage(records, (end - 1)..<records.count)
        var page = EventPage(records: records, cursor: cursor, isLast: isLast)
        try page.decodeEvents(before: end)
        return page
    }

    /// Decodes the events whose records lie between the first record and `end`.
    private mutating func decodeEvents(before end: Int) throws(JournalError) {
        var decoder = cursor.decoder
        defer { cursor.decoder = decoder }
        var start: Int?
        var names: [String] = []
        // An event is decoded once its accounts are bound: at the next event, or at the end.
        func finishEvent(_ range: Range<Int>) throws(JournalError) {
            let event = try decode(at: range.lowerBound) { bytes throws(JournalError) in try decoder.event(in: bytes) }
            events.append(DecodedEvent(event: event, accountNames: names, records: range))
        }
        for index in 1..<max(end, 1) {
            switch records.kind(at: index) {
            case .event:
                if let start { try finishEvent(start..<index) }
                start = index
                names = []
            case .account:
                names.append(try decode(at: index) { bytes throws(JournalError) in try decoder.account(in: bytes) })
            case .header, .decision, .incident:
                break
            }
        }
        if let start { try finishEvent(start..<end) }
    }

    private func decode<T>(
        at index: Int,
        _ body: (UnsafeRawBufferPointer) throws(JournalError) -> T
    ) throws(JournalError) -> T {
        do {
            return try records.withBytes(at: index, body)
        } catch {
            throw JournalError(.malformedRecord, "record \(records.sequence(at: index)): \(error.message)")
        }
    }
}

/// An event's records as the journal stores them, verified.
public struct StoredEvent: Sendable {
    /// A page holding them, and the record before them at `range.lowerBound - 1`.
    public var page: JournalPage
    /// The event, its account records, its decision and its incident steps.
    public var range: Range<Int>
}
