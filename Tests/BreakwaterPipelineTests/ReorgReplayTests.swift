import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterTesting
import Foundation
import PropertyBased
import Testing

/// A chain's `reorg`: the replay takes the engine back to its state at the ancestor, decides the new branch on it,
/// and a journal of it replays to the same head.
@Suite struct ReorgReplayTests {
    static let hash = "0x" + String(repeating: "cd", count: 32)

    func marker(_ block: Int, ts: Int) -> String {
        #"{"block":\#(block),"block_hash":"\#(Self.hash)","kind":"block","ts":\#(ts)}"#
    }

    func deposit(_ amount: Int, block: Int, ts: Int) -> String {
        #"{"account":"alice","amount":"\#(amount)","asset":"USDC","block":\#(block),"block_hash":"\#(Self.hash)","#
            + #""kind":"deposit","pool":"main","ts":\#(ts)}"#
    }

    func reorg(from: Int, to: Int, ancestor: Int, ts: Int) -> String {
        #"{"ancestor_block":\#(ancestor),"ancestor_hash":"\#(Self.hash)","from_block":\#(from),"kind":"reorg","#
            + #""to_block":\#(to),"ts":\#(ts)}"#
    }

    /// Alice's USDC in pool `main`.
    func balance(_ replay: Replay) -> Wad {
        replay.engine.ledger.pool(PoolID(0)).balance(of: AccountID(0), inSlot: 0)
    }

    func feed(_ lines: [String], into replay: inout Replay, from first: Int = 1) -> [StreamError] {
        lines.enumerated().compactMap { replay.feed(line: Array($1.utf8), number: first + $0) }
    }

    @Test func aReorgTakesTheEngineBackToTheAncestorAndItsJournalReplaysTheSame() async throws {
        let orphaned = [
            marker(1, ts: 1_000), deposit(1_000, block: 1, ts: 1_000), marker(2, ts: 2_000),
            deposit(5_000, block: 2, ts: 2_000), marker(3, ts: 3_000), deposit(20, block: 3, ts: 3_000),
        ]
        let newBranch = [
            reorg(from: 2, to: 3, ancestor: 1, ts: 1_000), marker(2, ts: 2_500), deposit(7, block: 2, ts: 2_500),
        ]
        var replay = JournalTestStreams.replay()
        #expect(feed(orphaned, into: &replay).isEmpty)
        #expect(balance(replay) == Wad(6_020))
        #expect(feed(Array(newBranch.prefix(1)), into: &replay, from: 7).isEmpty)
        #expect(balance(replay) == Wad(1_000), "the state at block 1, the ancestor")
        #expect(feed(Array(newBranch.dropFirst()), into: &replay, from: 8).isEmpty)
        #expect(balance(replay) == Wad(1_007))
        #expect(replay.engine.eventCount == 9, "decisions keep counting across the reorg")
        #expect(replay.accepted == 9)

        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: orphaned + newBranch))
        let replayed = try await JournalReplay.run(store)
        #expect(replayed.journal.head == replay.journal.head)
        #expect(balance(replayed) == Wad(1_007))
        var exported: [String] = []
        try await JournalReader.exportLines(store) { exported.append($0) }
        #expect(exported == orphaned + newBranch)
    }

    /// The states of the last 1024 blocks are kept: a reorg deeper than that is a bad line that changes nothing,
    /// and the stream goes on from where it was.
    @Test func aReorgDeeperThanTheStatesKeptIsABadLineThatChangesNothing() throws {
        let blocks = 1_030
        var replay = JournalTestStreams.replay()
        let markers = (1...blocks).map { marker($0, ts: 1_000 * $0) }
        #expect(feed([deposit(50, block: 1, ts: 1_000)] + markers, into: &replay).isEmpty)
        let head = replay.journal.head
        let tooDeep = reorg(from: 6, to: blocks, ancestor: 5, ts: 5_000)
        let errors = feed([tooDeep], into: &replay, from: blocks + 2)
        let error = try #require(errors.first)
        #expect(error.field == "ancestor_block" && error.message.contains("block 5 is not kept"), "\(error)")
        #expect(replay.journal.head == head && replay.engine.eventCount == blocks + 1)
        // The oldest state kept is before block 7's marker, and goes when block 1031's comes.
        #expect(feed([marker(blocks + 1, ts: 1_000 * (blocks + 1))], into: &replay, from: blocks + 3).isEmpty)
        let gone = reorg(from: 7, to: blocks + 1, ancestor: 6, ts: 6_000)
        #expect(feed([gone], into: &replay, from: blocks + 4).first?.field == "ancestor_block")
        let kept = reorg(from: 8, to: blocks + 1, ancestor: 7, ts: 7_000)
        #expect(feed([kept, marker(8, ts: 7_500)], into: &replay, from: blocks + 5).isEmpty)
        #expect(balance(replay) == Wad(50))
    }

    /// Two implementations agree: following a reorg (a copy every 16 blocks and the events since applied again) leaves
    /// the engine where a replay of the chain as it now is leaves it, at any depth and after the new branch.
    @Test func aFollowedReorgDecidesAsTheChainAsItNowIs() async throws {
        let amounts = Gen.int(in: 1...900).array(of: 3...80)
        await propertyCheck(count: 40, input: amounts, Gen.int(in: 0...1_000), Gen.int(in: 0...4)) {
            amounts,
            depthSeed,
            newBlocks in
            // One block per amount: a deposit, and every third block a withdrawal of the same.
            func block(_ number: Int, _ amount: Int, ts: Int) -> [String] {
                var lines = [marker(number, ts: ts), deposit(amount, block: number, ts: ts)]
                if number % 3 == 0 {
                    lines.append(
                        #"{"account":"alice","amount":"\#(amount / 2)","asset":"USDC","block":\#(number),"#
                            + #""block_hash":"\#(Self.hash)","kind":"withdraw","pool":"main","ts":\#(ts)}"#
                    )
                }
                return lines
            }
            let chain = amounts.enumerated().map { block($0 + 1, $1, ts: 1_000 * ($0 + 1)) }
            let ancestor = depthSeed % amounts.count
            let branch = (0..<newBlocks).map { block(ancestor + 1 + $0, 7 + $0, ts: 1_000 * (ancestor + 1) + 500 + $0) }
            var followed = JournalTestStreams.replay()
            var lines = chain.flatMap { $0 }
            lines.append(reorg(from: ancestor + 1, to: amounts.count, ancestor: ancestor, ts: 1_000 * max(ancestor, 1)))
            lines += branch.flatMap { $0 }
            #expect(feed(lines, into: &followed).isEmpty)
            var now = JournalTestStreams.replay()
            #expect(feed(chain.prefix(ancestor).flatMap { $0 } + branch.flatMap { $0 }, into: &now).isEmpty)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let ledgers = [followed, now].map { try? encoder.encode($0.engine.ledger) }
            #expect(ledgers[0] != nil && ledgers[0] == ledgers[1])
            #expect(balance(followed) == balance(now))
            if newBlocks > 0 { #expect(followed.engine.lastTimestamp == now.engine.lastTimestamp) }
        }
    }
}
