public import BreakwaterCore

/// Reads a range of a chain's blocks and writes it as the event stream: every block's marker, then the events of
/// its mapped logs in log index order. `breakwater replay` decides the file as the live source decides the chain.
///
/// Blocks are read `max_block_range` at a time: their headers in one batch, their logs in one `eth_getLogs`. Each
/// log must belong to the block read with its number, and each block must be its predecessor's child; a range read
/// while the chain reorganised under it is read again.
public struct ChainExport: Sendable {
    /// How far an export has got, after each range.
    public struct Progress: Sendable, Hashable {
        /// The last block written.
        public var block: Int64
        public var blocks: Int
        public var events: Int
    }

    /// What an export wrote, and the logs it could not map (each named by block, transaction and index).
    public struct Summary: Sendable, Hashable {
        public var blocks = 0
        public var events = 0
        public var badLogs: [String] = []
    }

    /// How many times a range is read again when the chain reorganised while it was read.
    static let rereads = 3

    private let client: JSONRPCClient
    private let chain: ChainConfig
    private var mapper: LogMapper

    public init(client: JSONRPCClient, chain: ChainConfig, config: ProtocolConfig) {
        self.client = client
        self.chain = chain
        mapper = LogMapper(config: config, chain: chain)
    }

    /// Exports blocks `range`, handing each line (without its newline) to `write`.
    ///
    /// - Throws: ``ChainError`` when a node does not answer after its retries, or the chain keeps reorganising
    ///   under the range, or reorganised below a block already written.
    public mutating func run(
        _ range: ClosedRange<Int64>,
        write: (String) throws -> Void,
        progress: (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        var summary = Summary()
        var parent: [UInt8]?
        var start = range.lowerBound
        while start <= range.upperBound {
            let end = min(range.upperBound, start + Int64(max(chain.maxBlockRange, 1)) - 1)
            let (blocks, logs) = try await read(start...end, after: parent)
            var logsByBlock = logs[...]
            for block in blocks {
                try write(mapper.line(for: block.marker))
                summary.blocks += 1
                while let log = logsByBlock.first, log.blockNumber == block.number {
                    logsByBlock.removeFirst()
                    let event: Event?
                    do {
                        event = try mapper.event(for: log, at: block.marker.timestamp)
                    } catch {
                        summary.badLogs.append(error.message)
                        continue
                    }
                    guard let event else { continue }
                    try write(mapper.line(for: event))
                    summary.events += 1
                }
            }
            parent = blocks.last?.hash
            progress(Progress(block: end, blocks: summary.blocks, events: summary.events))
            start = end + 1
        }
        return summary
    }

    /// The blocks of `range` and their logs, consistent with each other and with the block before (`parent`).
    private func read(
        _ range: ClosedRange<Int64>,
        after parent: [UInt8]?
    ) async throws(ChainError) -> ([ChainBlock], [ChainLog]) {
        for _ in 0..<Self.rereads {
            let blocks = try await client.blocks(Array(range))
            if let parent, let first = blocks.first, first.parentHash != parent {
                throw ChainError(
                    .badResponse,
                    "block \(first.number) is not the child of the block \(first.number - 1) already written: the "
                        + "chain reorganised below it; export blocks at least `confirmations` behind the head"
                )
            }
            let logs = try await client.logs(in: range, addresses: chain.watchedAddresses, topics: chain.watchedTopics)
            if Self.isConsistent(blocks, logs) { return (blocks, logs) }
        }
        throw ChainError(
            .badResponse,
            "blocks \(range.lowerBound) to \(range.upperBound) changed \(Self.rereads) times while they were read"
        )
    }

    /// Whether each block is its predecessor's child and each log is in the block of its number that was read.
    static func isConsistent(_ blocks: [ChainBlock], _ logs: [ChainLog]) -> Bool {
        for (block, child) in zip(blocks, blocks.dropFirst()) where child.parentHash != block.hash { return false }
        guard let first = blocks.first?.number else { return logs.isEmpty }
        return logs.allSatisfy { log in
            let index = Int(log.blockNumber - first)
            return blocks.indices.contains(index) && blocks[index].hash == log.blockHash
        }
    }
}
