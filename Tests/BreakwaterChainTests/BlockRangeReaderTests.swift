import BigInt
import BreakwaterCore
import BreakwaterEVM
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import Testing

@testable import BreakwaterChain

/// What the reader of block ranges accepts as one reading of a range: blocks that chain, and logs each in the block
/// read with its number. Anything else means the chain reorganised while the range was read.
@Suite struct BlockRangeReaderTests {
    typealias F = ChainFixtures

    static func blocks(_ hashes: [UInt8], from first: Int64 = 7) -> [ChainBlock] {
        var parent: [UInt8] = [UInt8](repeating: 0, count: 32)
        return hashes.enumerated().map { offset, byte in
            defer { parent = [UInt8](repeating: byte, count: 32) }
            return ChainBlock(
                number: first + Int64(offset),
                hash: [UInt8](repeating: byte, count: 32),
                parentHash: parent,
                timestamp: 1_700_000_000 + Int64(offset)
            )
        }
    }

    static func log(block: Int64, hash: UInt8) throws -> ChainLog {
        var log = try F.log(F.feed, "Ping()", topics: [], data: [], block: block)
        log.blockHash = [UInt8](repeating: hash, count: 32)
        return log
    }

    func consistent(_ blocks: [ChainBlock], _ logs: [ChainLog]) -> Bool {
        BlockRangeReader.branch(blocks, logs) != nil
    }

    @Test func logsInTheBlocksReadAreConsistent() throws {
        let blocks = Self.blocks([0xbb, 0xcc, 0xdd])
        #expect(consistent(blocks, []))
        #expect(
            consistent(blocks, [try Self.log(block: 7, hash: 0xbb), try Self.log(block: 9, hash: 0xdd)])
        )
        #expect(consistent([], []))
    }

    @Test func aLogOfAnotherBranchOrOutsideTheRangeIsNot() throws {
        let blocks = Self.blocks([0xbb, 0xcc, 0xdd])
        #expect(!consistent(blocks, [try Self.log(block: 8, hash: 0xee)]), "a sibling of block 8")
        #expect(!consistent(blocks, [try Self.log(block: 10, hash: 0xdd)]), "after the range")
        #expect(!consistent(blocks, [try Self.log(block: 6, hash: 0xbb)]), "before the range")
        #expect(!consistent([], [try Self.log(block: 7, hash: 0xbb)]))
    }

    @Test func blocksThatDoNotChainAreNot() {
        var blocks = Self.blocks([0xbb, 0xcc, 0xdd])
        blocks[2].parentHash = [UInt8](repeating: 0xee, count: 32)
        #expect(!consistent(blocks, []))
    }

    @Test func aMarkerIsTheBlockAtItsTimeInMilliseconds() {
        let marker = Self.blocks([0xbb])[0].marker
        #expect(marker.payload == .block && marker.timestamp.milliseconds == 1_700_000_000_000)
        #expect(
            marker.provenance?.block == 7 && marker.provenance?.blockHash == "0x" + String(repeating: "bb", count: 32)
        )
        #expect(marker.provenance?.transaction == nil && marker.provenance?.logIndex == nil)
    }

    /// A log that does not map is never skipped silently: its place in the stream holds a `log_unmapped` note with
    /// the log's place, which an observing engine turns into a `model_divergence` incident naming the log.
    @Test func aLogThatDoesNotMapIsANoteThatOpensAModelDivergenceIncident() throws {
        let deposit = "Deposit(address indexed account, address indexed token, uint256 amount)"
        let topics = [try F.word(F.alice), try F.word(F.usdc)]
        let good = try F.log(F.vault, deposit, topics: topics, data: F.word(BigUInt(5_000_000)), index: 1)
        let tooLarge = try F.log(F.vault, deposit, topics: topics, data: F.word(BigUInt(1) << 200), index: 2)
        var block = Self.blocks([0xbb])[0]
        block.timestamp = 1_700_000_000
        var mapper = LogMapper(config: try F.config, chain: try F.chain())
        var bad: [ChainError] = []
        let lines = mapper.lines(for: BlockWithLogs(block: block, logs: [good, tooLarge])) { bad.append($0) }
        #expect(bad.count == 1 && bad.first?.message.contains("log 2") == true)
        #expect(lines.count == 3, "the marker, the deposit, and the note that stands for the log")

        var replay = Replay(config: try F.config, configYAML: "", configuration: .init(observes: true))
        for (number, line) in lines.enumerated() {
            #expect(replay.feed(line: Array(line.utf8), number: number + 1) == nil, "\(line)")
        }
        let incident = try #require(replay.incidentEntries.first)
        #expect(incident.kind == "model_divergence" && replay.incidentEntries.count == 1)
        let signal = try #require(incident.signals.first)
        #expect(signal.kind == "model_divergence" && signal.severity == "critical")
        #expect(signal.evidence == bad.first?.message)
        #expect(signal.block == 7 && signal.logIndex == 2 && signal.tx == "0x" + String(repeating: "aa", count: 32))
    }
}
