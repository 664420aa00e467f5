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
}
