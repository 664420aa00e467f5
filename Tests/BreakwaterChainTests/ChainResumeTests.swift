import BreakwaterChain
import BreakwaterCore
import BreakwaterPipeline
import BreakwaterTesting
import Testing

/// What a journal holds of a chain source, for a restarted source to go on from: the chain's lines (not the posted
/// ones), the blocks on its branch, and the newest block's last log.
@Suite struct ChainResumeTests {
    static func hash(_ byte: String) -> String { "0x" + String(repeating: byte, count: 32) }

    func marker(_ block: Int, _ hash: String, ts: Int) -> String {
        #"{"block":\#(block),"block_hash":"\#(hash)","kind":"block","ts":\#(ts)}"#
    }

    func deposit(block: Int, _ hash: String, logIndex: Int, ts: Int) -> String {
        #"{"account":"alice","amount":"5","asset":"USDC","block":\#(block),"block_hash":"\#(hash)","kind":"deposit","#
            + #""log_index":\#(logIndex),"pool":"main","ts":\#(ts),"tx":"0x01"}"#
    }

    func reading(_ lines: [String]) async throws -> ChainResume? {
        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: lines))
        return try await ChainResume.reading(store)
    }

    @Test func aJournalGivesBackItsChainLinesAndWhereItStopped() async throws {
        let (one, two) = (Self.hash("01"), Self.hash("02"))
        let chain = [
            marker(1, one, ts: 12_000), deposit(block: 1, one, logIndex: 0, ts: 12_000), marker(2, two, ts: 24_000),
            deposit(block: 2, two, logIndex: 3, ts: 24_000),
        ]
        let note = #"{"action":"comment","by":"ops","kind":"note","text":"seen","ts":24000}"#
        let resume = try #require(try await reading(Array(chain.prefix(3)) + [note] + [chain[3]]))
        #expect(resume.lines == chain, "the posted note is not the chain's")
        #expect(resume.blocks.map(\.number) == [1, 2] && resume.blocks.last?.hash == Array(repeating: 2, count: 32))
        #expect(resume.blocks.map(\.timestamp) == [12, 24])
        #expect(resume.lastLogIndex == 3 && !resume.newestIsWhole)

        // A marker alone: none of its block's logs are held yet.
        let markerOnly = try #require(try await reading(Array(chain.prefix(3))))
        #expect(markerOnly.lastLogIndex == nil && markerOnly.blocks.count == 2)

        // After a reorg the newest block is its ancestor, held whole.
        let reorg =
            #"{"ancestor_block":1,"ancestor_hash":"\#(one)","from_block":2,"kind":"reorg","to_block":2,"ts":12000}"#
        let reorged = try #require(try await reading(chain + [reorg]))
        #expect(reorged.blocks.map(\.number) == [1] && reorged.newestIsWhole && reorged.lines.last == reorg)

        // A log that did not map is the chain's: its note is given again, and it is the block's last log.
        let unmapped =
            #"{"action":"log_unmapped","block":2,"block_hash":"\#(two)","by":"chain","kind":"note","log_index":4,"#
            + #""text":"block 2 tx 0x01 log 4: amount beyond range","ts":24000,"tx":"0x01"}"#
        let withUnmapped = try #require(try await reading(chain + [unmapped]))
        #expect(withUnmapped.lines == chain + [unmapped] && withUnmapped.lastLogIndex == 4)

        // A journal of no chain gives nothing to go on from.
        #expect(try await reading([note]) == nil)
    }
}
