import BreakwaterCore
import BreakwaterFormats
import Testing

/// A chain's `block` markers: their number and hash are required and well formed, markers go forward, and no event
/// names a block before the last marker's; the fast reader and the reference agree on all of it.
@Suite struct BlockMarkerTests {
    let config = DefaultProtocol.config()
    static let hash = "0x" + String(repeating: "ab", count: 32)

    func decode(_ lines: [String]) -> [Result<Event, StreamError>] {
        var decoder = EventDecoder(config: config)
        return lines.enumerated().map { index, line in
            Result { () throws(StreamError) in try decoder.decode(Array(line.utf8), number: index + 1) }
        }
    }

    func marker(_ block: Int, ts: Int = 1_000) -> String {
        #"{"block":\#(block),"block_hash":"\#(Self.hash)","kind":"block","ts":\#(ts)}"#
    }

    @Test func aMarkerReadsAndWritesBackByteForByte() throws {
        let log =
            #"{"account":"0x1eff47bc3a10a45d4b230b5d10e37751fe6aa718","amount":"5","asset":"USDC","block":7,"#
            + #""block_hash":"\#(Self.hash)","kind":"deposit","log_index":2,"pool":"main","ts":1000,"tx":"0x01"}"#
        var decoder = EventDecoder(config: config)
        let events = try [marker(7), log].enumerated().map { try decoder.decode(Array($1.utf8), number: $0 + 1) }
        #expect(events[0].payload == .block)
        #expect(events[0].provenance == Event.Provenance(block: 7, blockHash: Self.hash))
        #expect(events[1].provenance?.blockHash == Self.hash && events[1].provenance?.logIndex == 2)
        let encoder = EventEncoder(config: config)
        #expect(events.map { encoder.line(for: $0, accounts: decoder.accounts) } == [marker(7), log])
        var bytes: [UInt8] = []
        for event in events { encoder.write(event, accounts: decoder.accounts, into: &bytes) }
        #expect(String(decoding: bytes, as: UTF8.self) == marker(7) + "\n" + log + "\n")
    }

    @Test func aMarkerNeedsItsNumberAndAWellFormedHash() {
        let cases: [(line: String, field: String, message: String)] = [
            (#"{"kind":"block","ts":1,"block_hash":"\#(Self.hash)"}"#, "block", "missing required field"),
            (#"{"kind":"block","ts":1,"block":3}"#, "block_hash", "missing required field"),
            (#"{"kind":"block","ts":1,"block":-1,"block_hash":"\#(Self.hash)"}"#, "block", "is not negative"),
            (#"{"kind":"block","ts":1,"block":3,"block_hash":"0xAB"}"#, "block_hash", "64 lower-case hexadecimal"),
            (
                #"{"kind":"block","ts":1,"block":3,"block_hash":"\#(Self.hash.uppercased())"}"#, "block_hash",
                "64 lower-case hexadecimal"
            ),
        ]
        for (line, field, message) in cases {
            guard case .failure(let error) = decode([line])[0] else {
                Issue.record("\(line) must not decode")
                continue
            }
            #expect(error.field == field && error.message.contains(message), "\(line): \(error)")
        }
    }

    @Test func markersGoForwardAndNoEventNamesAnEarlierBlock() {
        let tick = #"{"kind":"tick","ts":1000,"block":4}"#
        let results = decode([marker(5), marker(5), marker(4), tick, marker(6), #"{"kind":"tick","ts":1000}"#])
        let failures = results.enumerated().compactMap { index, result -> (Int, StreamError)? in
            if case .failure(let error) = result { (index + 1, error) } else { nil }
        }
        #expect(failures.map(\.0) == [2, 3, 4])
        #expect(failures.allSatisfy { $0.1.code == .outOfOrder && $0.1.field == "block" })
        #expect(failures.first?.1.message == "block 5 does not follow block 5")
        #expect(failures.last?.1.message == "block 4 is before block 5")
    }

    func reorg(from: Int, to: Int, ancestor: Int, ts: Int = 500, hash: String = hash) -> String {
        #"{"ancestor_block":\#(ancestor),"ancestor_hash":"\#(hash)","from_block":\#(from),"kind":"reorg","#
            + #""to_block":\#(to),"ts":\#(ts)}"#
    }

    /// A reorg goes back to its ancestor: its time may be before the last event's, and the next marker follows the
    /// ancestor; it reads and writes back byte for byte.
    @Test func aReorgGoesBackToItsAncestor() throws {
        let lines = [
            marker(1, ts: 500), marker(2), marker(3, ts: 2_000), reorg(from: 2, to: 3, ancestor: 1), marker(2),
        ]
        let results = decode(lines)
        let events = try results.map { try $0.get() }
        #expect(
            events[3].payload
                == .reorg(Reorg(fromBlock: 2, toBlock: 3, ancestorBlock: 1, ancestorHash: Self.hash))
        )
        #expect(events[3].timestamp == Timestamp(milliseconds: 500))
        let encoder = EventEncoder(config: config)
        #expect(encoder.line(for: events[3], accounts: AccountDirectory()) == lines[3])
    }

    @Test func aReorgNamesTheBlocksItOrphansAndItsAncestor() {
        let cases: [(lines: [String], field: String, message: String)] = [
            ([reorg(from: 2, to: 3, ancestor: 1)], "to_block", "a reorg comes after the blocks it orphans"),
            ([marker(4), reorg(from: 2, to: 3, ancestor: 1)], "to_block", "up to the last one, 4, not 3"),
            ([marker(3), reorg(from: 3, to: 3, ancestor: 1)], "from_block", "the ancestor's child"),
            ([marker(3), reorg(from: 3, to: 2, ancestor: 2)], "to_block", "at or after from_block"),
            ([marker(3), reorg(from: 0, to: 3, ancestor: -1)], "ancestor_block", "is not negative"),
            (
                [marker(3), reorg(from: 2, to: 3, ancestor: 1, hash: "0x12")],
                "ancestor_hash", "64 lower-case hexadecimal"
            ),
            (
                [marker(3), #"{"kind":"reorg","ts":1,"from_block":2,"to_block":3,"ancestor_block":1}"#],
                "ancestor_hash",
                "missing required field"
            ),
            ([marker(3), reorg(from: 2, to: 3, ancestor: 1), marker(1, ts: 600)], "block", "block 1 does not follow"),
        ]
        for (lines, field, message) in cases {
            guard case .failure(let error) = decode(lines).last else {
                Issue.record("\(lines.last ?? "") must not decode")
                continue
            }
            #expect(error.field == field && error.message.contains(message), "\(lines): \(error)")
        }
    }
}
