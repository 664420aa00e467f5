import BreakwaterCore

/// A block and the watched logs in it, in log index order.
struct BlockWithLogs: Sendable, Hashable {
    var block: ChainBlock
    var logs: [ChainLog]
}

/// Reads ranges of a chain's blocks with the logs `chain.yml` watches: their headers in one batch of
/// `eth_getBlockByNumber`, their logs in one `eth_getLogs`.
///
/// What it returns is one branch of the chain: every block is its predecessor's child and every log is in the block
/// read with its number. A range that changed while it was read (a reorg between the two requests) is read again.
struct BlockRangeReader: Sendable {
    /// How many times a range is read before the reader gives up on it.
    static let attempts = 3

    let client: JSONRPCClient
    let chain: ChainConfig

    /// The next blocks from `start` up to `last`, at most `max_block_range` of them, with their logs; the first
    /// must be the child of `parent`, the block read before them, when there is one.
    ///
    /// - Throws: ``ChainError`` when a node does not answer after its retries or the range changed on every attempt,
    ///   and `reorganised` when the first block is not `parent`'s child.
    func read(
        from start: Int64,
        through last: Int64,
        after parent: [UInt8]?
    ) async throws(ChainError)
        -> [BlockWithLogs]
    {
        let branch = try await read(start...min(last, start + Int64(max(chain.maxBlockRange, 1)) - 1))
        if let parent, let first = branch.first?.block, first.parentHash != parent {
            throw ChainError.reorganised(below: first)
        }
        return branch
    }

    /// The blocks of `range` with their logs.
    private func read(_ range: ClosedRange<Int64>) async throws(ChainError) -> [BlockWithLogs] {
        for _ in 0..<Self.attempts {
            let blocks = try await client.blocks(Array(range))
            let logs = try await client.logs(in: range, addresses: chain.watchedAddresses, topics: chain.watchedTopics)
            if let branch = Self.branch(blocks, logs) { return branch }
        }
        throw ChainError(
            .badResponse,
            "blocks \(range.lowerBound) to \(range.upperBound) changed \(Self.attempts) times while they were read"
        )
    }

    /// Each block with its logs, or `nil` when they are not one branch: a block that is not its predecessor's
    /// child, or a log outside the blocks or in another block of the same number. `logs` are in (block, index)
    /// order.
    static func branch(_ blocks: [ChainBlock], _ logs: [ChainLog]) -> [BlockWithLogs]? {
        for (block, child) in zip(blocks, blocks.dropFirst()) where child.parentHash != block.hash { return nil }
        var branch = blocks.map { BlockWithLogs(block: $0, logs: []) }
        guard let first = blocks.first?.number else { return logs.isEmpty ? branch : nil }
        for log in logs {
            let index = Int(log.blockNumber - first)
            guard branch.indices.contains(index), branch[index].block.hash == log.blockHash else { return nil }
            branch[index].logs.append(log)
        }
        return branch
    }
}

extension LogMapper {
    /// The stream's lines for a block: its marker, then the events of its mapped logs, at the block's time.
    /// A log that does not map goes to `badLog` (it names its block, transaction and index), and its place in the
    /// stream holds a `log_unmapped` note saying so: the engine's mirror misses that fact, never silently.
    mutating func lines(for item: BlockWithLogs, badLog: (ChainError) -> Void) -> [String] {
        let marker = item.block.marker
        var lines = [line(for: marker)]
        for log in item.logs {
            do {
                guard let event = try event(for: log, at: marker.timestamp) else { continue }
                lines.append(line(for: event))
            } catch {
                badLog(error)
                lines.append(line(for: Self.unmapped(log, error, at: marker.timestamp)))
            }
        }
        return lines
    }

    /// The `log_unmapped` note that stands for `log`, with the log's place.
    private static func unmapped(_ log: ChainLog, _ error: ChainError, at time: Timestamp) -> Event {
        let note = Note(action: .logUnmapped, author: "chain", text: error.message)
        return Event(timestamp: time, provenance: log.provenance, payload: .note(note))
    }
}

extension ChainError {
    /// The chain's block `child` is not the child of the block already read before it.
    static func reorganised(below child: ChainBlock) -> ChainError {
        ChainError(
            .reorganised,
            "block \(child.number) is not the child of the block \(child.number - 1) already read: the chain "
                + "reorganised below it (read blocks at least `confirmations` behind the head)"
        )
    }

    /// The chain's block `tip` has replaced the block of its number already read.
    static func replaced(_ tip: ChainBlock) -> ChainError {
        ChainError(
            .reorganised,
            "block \(tip.number) is now 0x\(Hex.encode(tip.hash)), not the block of that number already read: the "
                + "chain reorganised (read blocks at least `confirmations` behind the head)"
        )
    }
}
