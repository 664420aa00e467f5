import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation
import BreakwaterTesting
import PropertyBased
import Testing

@testable import BreakwaterEngine
@testable import BreakwaterPipeline

/// Reading events back out of a journal: the canonical decoder, export, and what an altered record does to them.
@Suite struct JournalReaderTests {
    @Test func everyEventKindReadsBackFromItsRecord() throws {
        var stream = MixedStream(config: JournalTestStreams.config, seed: 3, traders: 20)
        var events = (0..<20_000).compactMap { _ in stream.next() }
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 9),
                provenance: .init(block: 7, transaction: "0xab", logIndex: 2),
                payload: .governance(GovernanceAction(kind: .resetFeed, feed: FeedID(1)))
            )
        )
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 10),
                payload: .liquidate(
                    Liquidation(account: AccountID(3), pool: PoolID(0), liquidator: AccountID(4), market: MarketID(0))
                )
            )
        )
        let signed = SignedAction(
            domain: "d",
            role: .guardian,
            action: GovernedAction(
                kind: .lowerLimit,
                scope: .init(pool: "main", account: "alice"),
                parameters: ["max_share": "0.1", "b": "2"]
            ),
            nonce: 9,
            expiresAt: 99,
            signatures: [.init(publicKey: Array(repeating: 1, count: 32), signature: Array(repeating: 2, count: 64))]
        )
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 11),
                payload: .signedAction(SignedActionEvent(signed: signed, account: AccountID(2)))
            )
        )
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 12),
                payload: .vote(
                    SignedVote(
                        domain: "d",
                        proposal: 3,
                        support: .against,
                        voter: Array(repeating: 5, count: 32),
                        signature: [7]
                    )
                )
            )
        )
        events.append(Event(timestamp: Timestamp(milliseconds: 13), payload: .queue(proposal: 3)))
        events.append(Event(timestamp: Timestamp(milliseconds: 14), payload: .execute(proposal: 3)))
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 15),
                payload: .note(Note(action: .acknowledge, author: "ops", incident: "INC-0001", text: "on it"))
            )
        )
        events.append(
            Event(timestamp: Timestamp(milliseconds: 16), payload: .note(Note(action: .sourceQuiet, author: "service")))
        )
        events.append(
            Event(
                timestamp: Timestamp(milliseconds: 17),
                provenance: Event.Provenance(block: 9, blockHash: "0x" + String(repeating: "0f", count: 32)),
                payload: .block
            )
        )
        let reorg = Reorg(
            fromBlock: 8,
            toBlock: 9,
            ancestorBlock: 7,
            ancestorHash: "0x" + String(repeating: "e1", count: 32)
        )
        events.append(Event(timestamp: Timestamp(milliseconds: 16), payload: .reorg(reorg)))
        #expect(Set(events.map(\.kind)) == Set(Event.Kind.allCases))
        var decoder = CanonicalDecoder(config: JournalTestStreams.config)
        for name in stream.accounts.names {
            _ = try decoder.account(CanonicalWriter.bytes { $0.writeAccount(Int32(decoder.accountCount), name: name) })
        }
        for event in events {
            #expect(try decoder.event(CanonicalWriter.bytes { $0.write(event) }) == event)
        }
    }

    /// Whatever the bytes, reading a record gives an event or a typed error: never a crash. And the decoder is
    /// strict: bytes it accepts are that event's own encoding, so a record read back and written again is the same
    /// record (a replay from a journal relies on it).
    @Test func alteredRecordsNeverCrashTheDecoderAndDecodeOnlyToTheirOwnBytes() async {
        var stream = MixedStream(config: JournalTestStreams.config, seed: 5, traders: 20)
        let records = (0..<500).compactMap { _ in stream.next() }.map { event in
            CanonicalWriter.bytes { $0.write(event) }
        }
        var decoder = CanonicalDecoder(config: JournalTestStreams.config)
        for name in stream.accounts.names {
            _ = try? decoder.account(CanonicalWriter.bytes { $0.writeAccount(Int32(decoder.accountCount), name: name) })
        }
        let reader = decoder
        await propertyCheck(
            count: 5_000,
            input: Gen.int(in: 0..<500),
            Gen.int(in: 0..<200),
            Gen.uint8(),
            Gen.int(in: 0...2)
        ) {
            index,
            position,
            byte,
            change in
            var bytes = records[index]
            switch change {
            case 0: bytes[position % bytes.count] = byte
            case 1: bytes.removeLast(1 + position % bytes.count)
            default: bytes.append(byte)
            }
            guard let event = try? reader.event(bytes) else { return }
            #expect(CanonicalWriter.bytes { $0.write(event) } == bytes)
        }
    }

    @Test func exportWritesTheStreamThatReplaysToTheSameJournal() async throws {
        let lines = JournalTestStreams.lines(400)
        let records = try await JournalTestStreams.journal(of: lines)
        let store = MemoryJournalStore()
        try await store.append(records)
        var exported: [String] = []
        let count = try await JournalReader.exportLines(store) { exported.append($0) }
        #expect(count == lines.count)
        #expect(exported == lines)
        #expect(try await JournalTestStreams.journal(of: exported, batchSize: 1_000) == records)
        #expect(try await JournalReader.header(of: store).configYAML == JournalTestStreams.configYAML)
    }

    /// Pages may end anywhere in an event's records (its accounts, decision, incident steps): every page size reads
    /// the same events with the same accounts and records, and a replay that follows them reaches the journal's head.
    @Test func anyPageSizeReadsTheSameEvents() async throws {
        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: try Demo(seed: 42).lines))
        let head = await store.tip()?.hash.hexString
        func read(pageSize: Int) async throws -> (events: [String], replay: Replay) {
            var events: [String] = []
            var replay = JournalTestStreams.replay()
            try await JournalReader.forEachEvent(in: store, config: JournalTestStreams.config, pageSize: pageSize) {
                event,
                accounts,
                stored in
                let records = stored.range.map { stored.page[$0] }
                events.append(
                    "\(event) \(accounts.names.count) \(records.map(\.sequence)) \(stored.page[stored.range.lowerBound - 1].sequence)"
                )
                replay.journal.follow(stored.page, stored.range)
                replay.apply(event, accounts: accounts)
            }
            return (events, replay)
        }
        let whole = try await read(pageSize: 1 << 20)
        #expect(whole.replay.journal.head == head)
        // Regression: with pages of one record, the header (the record before the first event) was dropped.
        #expect(try await read(pageSize: 1).events == whole.events)
        await propertyCheck(count: 8, input: Gen.int(in: 1...40)) { pageSize in
            let paged = try? await read(pageSize: pageSize)
            #expect(paged?.events == whole.events)
            #expect(paged?.replay.journal.head == head)
        }
    }

    @Test func exportStopsAtARecordThatDoesNotVerify() async throws {
        var records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(100))
        records[40].hash[0] ^= 1
        let store = MemoryJournalStore()
        try await store.append(records)
        let error = await #expect(throws: JournalError.self) { try await JournalReader.exportLines(store) { _ in } }
        #expect(error?.message.hasPrefix("record 41:") == true)
    }

    /// A record rewritten with an id outside the config, and the chain rehashed after it: it verifies, but export
    /// names it.
    @Test func exportNamesAnEventThatDoesNotDecode() async throws {
        var records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(100))
        let index = try #require(records.firstIndex { $0.kind == .event && $0.bytes[9] == 2 })  // a deposit
        // The pool id follows the tag, the timestamp, the kind code and the absent provenance's byte.
        records[index].bytes.replaceSubrange(11..<15, with: [9, 0, 0, 0])
        records = JournalTestStreams.rehashed(records)
        let store = MemoryJournalStore()
        try await store.append(records)
        #expect(try await JournalVerification.check(store).isIntact)
        let error = await #expect(throws: JournalError.self) { try await JournalReader.exportLines(store) { _ in } }
        #expect(error?.message.contains("pool id 9 is not one of the 2 known") == true, "\(String(describing: error))")
        #expect(error?.message.hasPrefix("record \(index + 1): ") == true, "the event's own record is named")
    }

    /// Format 3 added the block hash and the `block` kind, format 4 a feed to decisions' scopes: a journal written
    /// in an older format still verifies and exports to the same lines (events did not change from format 3 on), but
    /// a run does not continue it.
    @Test(arguments: [UInt16(2), 3]) func anOlderJournalStillReadsButIsNotResumed(format: UInt16) async throws {
        let lines = JournalTestStreams.lines(100)
        var records = try await JournalTestStreams.journal(of: lines)
        var header = try JournalHeader(canonical: records[0].bytes)
        #expect(header.formatVersion == 4)
        header.formatVersion = format
        records[0].bytes = header.canonicalBytes
        let store = MemoryJournalStore()
        try await store.append(JournalTestStreams.rehashed(records))
        #expect(try await JournalVerification.check(store).isIntact)
        var exported: [String] = []
        try await JournalReader.exportLines(store) { exported.append($0) }
        var current: [String] = []
        let currentStore = MemoryJournalStore()
        try await currentStore.append(try await JournalTestStreams.journal(of: lines))
        try await JournalReader.exportLines(currentStore) { current.append($0) }
        #expect(!exported.isEmpty && exported == current)

        var replay = JournalTestStreams.replay()
        let error = await #expect(throws: JournalError.self) { try await JournalSession.attach(store, to: &replay) }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("the journal is in format \(format) and this build writes format 4") == true)
    }

    /// Format 3's header records observer mode, so `--from-journal` decides as the run did; format 2's has no such
    /// field, and its runs were never observers.
    @Test func theHeaderRecordsObserverModeFromFormat3On() throws {
        for observes in [false, true] {
            let header = JournalHeader(
                configYAML: "x",
                engineConfiguration: .init(auditInterval: 7, observes: observes)
            )
            #expect(try JournalHeader(canonical: header.canonicalBytes) == header)
        }
        let format2 = JournalHeader(configYAML: "x", engineConfiguration: .init(observes: true), formatVersion: 2)
        let read = try JournalHeader(canonical: format2.canonicalBytes)
        #expect(format2.canonicalBytes.count + 1 == JournalHeader(configYAML: "x").canonicalBytes.count)
        #expect(read.formatVersion == 2 && !read.engineConfiguration.observes)
    }

    @Test func aHeaderOfAnotherFormatVersionIsRefusedByName() {
        for version: UInt16 in [1, 5] {
            let bytes = JournalHeader(configYAML: "x", formatVersion: version).canonicalBytes
            let error = #expect(throws: JournalError.self) { try JournalHeader(canonical: bytes) }
            #expect(error?.code == .unsupportedVersion)
            #expect(error?.message == "the journal's records are in format \(version); this build reads formats 2 to 4")
        }
    }
}
