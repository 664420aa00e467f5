import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterTesting
import Foundation
import PropertyBased
import Testing

/// Verification names the first record that does not verify, whatever was changed and wherever.
@Suite struct JournalVerificationTests {
    static let lines = JournalTestStreams.lines(300)

    static func verify(_ records: [JournalRecord]) -> ChainVerifier.Failure? {
        var verifier = ChainVerifier()
        do {
            for record in records { try verifier.verify(record) }
            try verifier.finish()
            return nil
        } catch {
            return error
        }
    }

    @Test func anUntouchedJournalVerifiesToItsHead() async throws {
        let records = try await JournalTestStreams.journal(of: Self.lines)
        #expect(Self.verify(records) == nil)
        let store = MemoryJournalStore()
        try await store.append(records)
        let result = try await JournalVerification.check(store, pageSize: 100)
        #expect(result.isIntact)
        #expect(result.verified == records.count)
        #expect(result.head == records.last?.hash.hexString)
    }

    /// One byte of one record changed, in its bytes or its hash: verification stops at exactly that record.
    @Test func oneChangedByteIsFoundAtItsRecord() async throws {
        let records = try await JournalTestStreams.journal(of: Self.lines)
        await propertyCheck(
            count: 200,
            input: Gen.int(in: 0..<records.count),
            Gen.bool,
            Gen.int(in: 0..<1_000),
            Gen.uint8(in: 1...255)
        ) { index, inHash, position, flip in
            var altered = records
            if inHash {
                altered[index].hash[position % 32] ^= flip
            } else {
                altered[index].bytes[position % altered[index].bytes.count] ^= flip
            }
            #expect(Self.verify(altered)?.sequence == index + 1)
        }
    }

    /// Where verification stops, it reports the records before the altered one and the head they reach.
    @Test func aFailedVerificationReportsTheLastRecordThatVerified() async throws {
        var records = try await JournalTestStreams.journal(of: Self.lines)
        records[30].hash[3] ^= 1
        let store = MemoryJournalStore()
        try await store.append(records)
        let result = try await JournalVerification.check(store, pageSize: 7)
        #expect(result.failure?.sequence == 31)
        #expect(result.verified == 30)
        #expect(result.head == records[29].hash.hexString)
    }

    @Test func changedColumnsAndMissingRecordsAreFoundAtTheirRecord() async throws {
        let records = try await JournalTestStreams.journal(of: Self.lines)
        let event = try #require(records.firstIndex { $0.kind == .event && $0.sequence > 50 })
        var timestamp = records
        timestamp[event].timestamp += 1
        #expect(Self.verify(timestamp)?.sequence == event + 1)
        var decisionTime = records
        decisionTime[event + 1].timestamp += 1
        #expect(Self.verify(decisionTime)?.sequence == event + 2)
        var kind = records
        kind[event].kind = .decision
        #expect(Self.verify(kind)?.reason.contains("its kind column says decision") == true)
        var missing = records
        missing.remove(at: event)
        #expect(
            Self.verify(missing)?.description == "record \(event + 1): missing (the next record stored is \(event + 2))"
        )
        #expect(Self.verify(Array(records.dropLast()))?.reason == "missing: the last event has no decision")
        #expect(Self.verify([])?.reason == "missing: the journal is empty")
    }

    /// A record rewritten with a hash that chains is still caught: the next record's hash no longer follows.
    @Test func aRehashedRecordBreaksTheNextOne() async throws {
        var records = try await JournalTestStreams.journal(of: Self.lines)
        let index = try #require(records.firstIndex { $0.kind == .event && $0.sequence > 20 })
        records[index].bytes[records[index].bytes.count - 1] ^= 1
        var chain = HashChain()
        for record in records[..<index] { chain.append(record.bytes) }
        chain.append(records[index].bytes)
        records[index].hash = chain.head
        #expect(Self.verify(records)?.sequence == index + 2)
    }
}
