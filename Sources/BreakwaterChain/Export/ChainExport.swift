public import BreakwaterCore

/// Reads a range of a chain's blocks and writes it as the event stream: every block's marker, then the events of
/// its mapped logs in log index order. `breakwater replay` decides the file as the live source decides the chain.
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

    private let reader: BlockRangeReader
    private var mapper: LogMapper

    public init(client: JSONRPCClient, chain: ChainConfig, config: ProtocolConfig) {
        reader = BlockRangeReader(client: client, chain: chain)
        mapper = LogMapper(config: config, chain: chain)
    }

    /// Exports blocks `range`, `max_block_range` at a time, handing each line (without its newline) to `write`.
    /// The next range is read while one is written.
    ///
    /// - Throws: ``ChainError`` when a node does not answer after its retries, or the chain keeps reorganising
    ///   under a range, or reorganised below a block already written; or what `write` throws.
    public mutating func run(
        _ range: ClosedRange<Int64>,
        write: (String) throws -> Void,
        progress: (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        var summary = Summary()
        let reader = self.reader
        let upper = range.upperBound
        func reading(from start: Int64, after parent: [UInt8]?) -> Task<[BlockWithLogs], any Error>? {
            start <= upper ? Task { try await reader.read(from: start, through: upper, after: parent) } : nil
        }
        var next = reading(from: range.lowerBound, after: nil)
        defer { next?.cancel() }
        while let read = next {
            let branch = try await read.value
            guard let end = branch.last?.block.number else { break }
            next = reading(from: end + 1, after: branch.last?.block.hash)
            for item in branch {
                let lines = mapper.lines(for: item) { summary.badLogs.append($0.message) }
                for line in lines { try write(line) }
                summary.blocks += 1
                summary.events += lines.count - 1
            }
            progress(Progress(block: end, blocks: summary.blocks, events: summary.events))
        }
        return summary
    }
}
