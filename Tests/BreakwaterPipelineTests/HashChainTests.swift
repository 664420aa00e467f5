import Crypto
import PropertyBased
import Testing

@testable import BreakwaterPipeline

/// The chain hashes through BoringSSL directly; its heads must be swift-crypto's SHA-256 chain of the same records.
@Suite struct HashChainTests {
    static func expectedHead(_ records: [[UInt8]]) -> [UInt8] {
        records.reduce([UInt8](repeating: 0, count: 32)) { head, record in Array(SHA256.hash(data: head + record)) }
    }

    @Test func headsAreTheSHA256ChainOfTheRecords() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...600).array(of: 1...12)) { records in
            var chain = HashChain()
            for record in records { chain.append(record) }
            #expect(chain.head == Self.expectedHead(records))
            #expect(chain.count == records.count)
        }
    }

    /// Every length up to four blocks, so the padding's one- and two-block tails are all covered.
    @Test func everyRecordLengthHashesAsSHA256() {
        for length in 0...256 {
            let record = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var chain = HashChain()
            chain.append(record)
            #expect(chain.head == Self.expectedHead([record]), "length \(length)")
        }
    }

    @Test func recordsWrittenInPlaceChainLikeTheirBytes() {
        var inPlace = HashChain()
        var copied = HashChain()
        // Past the writer's first buffer too, so records are written again with more room.
        for length in 0...1_200 {
            inPlace.append { writer in for byte in 0..<length { writer.write(UInt8(truncatingIfNeeded: byte)) } }
            copied.append((0..<length).map { UInt8(truncatingIfNeeded: $0) })
        }
        #expect(inPlace.head == copied.head)
        #expect(inPlace.headHex.count == 64 && inPlace.headHex == copied.headHex)
    }

    /// Taking a stored record's hash where the bytes match gives the head hashing gives, also when a later record
    /// differs from the stored one (a build that decides differently): from there the chain hashes again.
    @Test func followingStoredRecordsGivesTheHashedHead() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 1...80).array(of: 1...10), Gen.int(in: 0...12)) {
            records,
            altered in
            // The stored journal: the genuine records, each with its hash.
            var stored: [JournalRecord] = []
            var genuine = HashChain()
            for (index, record) in records.enumerated() {
                genuine.append(record)
                stored.append(
                    JournalRecord(sequence: index + 1, timestamp: 0, kind: .event, bytes: record, hash: genuine.head)
                )
            }
            // This run's records: the same, but one of them different.
            var ours = records
            if altered < ours.count { ours[altered][0] ^= 0xFF }
            let page = JournalPage(stored)
            var following = HashChain()
            var remaining = page.indices
            for record in ours {
                guard let expected = remaining.first else {
                    following.append(record)
                    continue
                }
                if following.append({ $0.append(record) }, expecting: page, at: expected) {
                    remaining = remaining.dropFirst()
                } else {
                    remaining = 0..<0
                }
            }
            #expect(following.head == Self.expectedHead(ours))
            #expect(following.count == ours.count)
        }
    }
}
