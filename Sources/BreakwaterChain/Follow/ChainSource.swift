public import BreakwaterCore
public import BreakwaterPipeline
public import Logging
import Synchronization

/// An EVM chain as the live pipeline's source: it polls the node's head every `poll_interval_ms` and gives every
/// block `confirmations` behind it, in order, as the event stream's lines: the block's marker, then its mapped logs.
///
/// A node that does not answer is waited for, never a crash: the source gives nothing meanwhile, so the service
/// sees it quiet (a source-outage incident), and it goes on from the block it had reached when a node answers again,
/// losing none. A node of another chain stops it at the start. It keeps the last `reorg_window` blocks it gave; when
/// the chain no longer has them (a reorg), it gives a `reorg` line back to the newest block both branches share,
/// then the new branch. A reorg below the blocks it keeps stops it with an error naming them. Restarted on a journal,
/// it gives the journal's lines again, then goes on from the journal's last block and log.
public struct ChainSource: EventSource {
    private let reader: BlockRangeReader
    private let mapper: LogMapper
    private let logger: Logger
    private let resume: PendingResume

    /// A source of `chain`'s blocks, mapped into events of `config`, read through `client`, going on from where
    /// `resume` (a journal) left it, if given.
    public init(
        chain: ChainConfig,
        config: ProtocolConfig,
        client: JSONRPCClient,
        logger: Logger,
        resume: ChainResume? = nil
    ) {
        reader = BlockRangeReader(client: client, chain: chain)
        mapper = LogMapper(config: config, chain: chain)
        self.logger = logger
        self.resume = PendingResume(resume)
    }

    private var chain: ChainConfig { reader.chain }
    private var client: JSONRPCClient { reader.client }

    /// `chain 1337 at http://127.0.0.1:8545`: the first node, as `scheme://host:port`.
    public var name: String { "chain \(chain.chainID) at \(client.endpoints[0].redacted)" }

    /// Mined logs are facts: the engine observes them.
    public var minesFacts: Bool { true }

    /// Gives the chain's blocks from `from_block` on, until the task is cancelled. On a resumed journal it gives the
    /// journal's lines first (the pipeline decides them again, at full speed, and checks them), then the rest of the
    /// newest block's logs and the blocks after it; a block the chain replaced meanwhile is a reorg.
    ///
    /// - Throws: ``ChainError`` when the node is another chain or the chain reorganised below the blocks kept, or
    ///   what `body` throws.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        try await expectChainID()
        var mapper = self.mapper
        var next = chain.fromBlock
        // The blocks given, oldest first: at least the last `reorg_window` of them.
        var given: [ChainBlock] = []
        if let resume = resume.take(), let newest = resume.blocks.last {
            for line in resume.lines { _ = try await Self.lend(line, to: body) }
            given = resume.blocks
            next = newest.number + 1
            if !resume.newestIsWhole {
                try await giveRest(of: newest, after: resume.lastLogIndex, mapper: &mapper, to: body)
            }
        }
        while true {
            try Task.checkCancellation()
            let step: Step
            do throws(ChainError) {
                step = try await self.step(from: next, after: given)
            } catch  where error.code == .reorganised {
                throw error
            } catch {
                try await wait(after: error)
                continue
            }
            switch step {
            case .blocks(let branch):
                guard let newest = branch.last?.block else {
                    try await Task.sleep(for: chain.pollInterval)
                    continue
                }
                for item in branch { try await give(item, mapper: &mapper, to: body) }
                given += branch.map(\.block)
                if given.count > 2 * chain.reorgWindow { given.removeFirst(given.count - chain.reorgWindow) }
                next = newest.number + 1
            case .reorg(let reorg, let ancestor):
                logger.warning(
                    """
                    chain: the chain reorganised: blocks \(reorg.fromBlock) to \(reorg.toBlock) are orphaned; back to \
                    block \(reorg.ancestorBlock) \(reorg.ancestorHash)
                    """
                )
                given.removeAll { $0.number > ancestor.number }
                next = reorg.fromBlock
                let event = Event(
                    timestamp: Timestamp(milliseconds: ancestor.timestamp * 1000),
                    payload: .reorg(reorg)
                )
                _ = try await Self.lend(mapper.line(for: event), to: body)
            case .again:
                try await Task.sleep(for: chain.pollInterval)
            }
        }
    }

    /// Gives the logs of `block`, the journal's newest, after index `after` (all of them for `nil`), asking until a
    /// node answers. Nothing when the chain no longer has the block: the main loop finds that reorg.
    private func giveRest(
        of block: ChainBlock,
        after last: Int64?,
        mapper: inout LogMapper,
        to body: (UnsafeBufferPointer<UInt8>) async throws -> Bool
    ) async throws {
        while true {
            try Task.checkCancellation()
            let read: [BlockWithLogs]
            do throws(ChainError) {
                read = try await reader.read(from: block.number, through: block.number, after: nil)
            } catch {
                try await wait(after: error)
                continue
            }
            guard var item = read.first, item.block.hash == block.hash else { return }
            if let last { item.logs.removeAll { $0.logIndex <= last } }
            // The journal holds the block's marker already.
            try await give(item, withMarker: false, mapper: &mapper, to: body)
            return
        }
    }

    /// Gives a block's lines: its marker, unless `withMarker` is `false`, then its mapped logs. A log that does not
    /// map is logged, and a `log_unmapped` note stands in its place.
    private func give(
        _ item: BlockWithLogs,
        withMarker: Bool = true,
        mapper: inout LogMapper,
        to body: (UnsafeBufferPointer<UInt8>) async throws -> Bool
    ) async throws {
        let lines = mapper.lines(for: item) { error in
            logger.error("chain: a log that does not map (a log_unmapped note stands for it): \(error.message)")
        }
        for line in lines.dropFirst(withMarker ? 0 : 1) { _ = try await Self.lend(line, to: body) }
    }

    /// Logs what a node did not answer, and waits `poll_interval_ms` before asking again.
    private func wait(after error: ChainError) async throws {
        logger.warning("chain: \(error.message); asking again in \(chain.pollInterval)")
        try await Task.sleep(for: chain.pollInterval)
    }

    /// What following the chain does next.
    private enum Step {
        /// Give these blocks (none: nothing is new).
        case blocks([BlockWithLogs])
        /// Go back to `ancestor`, the newest block both branches share.
        case reorg(Reorg, ancestor: ChainBlock)
        /// Ask again after `poll_interval_ms`: the node answered from two branches while it switched.
        case again
    }

    private func step(from next: Int64, after given: [ChainBlock]) async throws(ChainError) -> Step {
        do throws(ChainError) {
            return .blocks(try await blocks(from: next, after: given.last))
        } catch  where error.code == .reorganised {
            return try await reorganisation(of: given)
        }
    }

    /// The blocks after `parent` (the last given) up to the head less `confirmations`, at most `max_block_range`;
    /// none when there is nothing new.
    ///
    /// - Throws: ``ChainError``, `reorganised` when the chain no longer has `parent`.
    private func blocks(from next: Int64, after parent: ChainBlock?) async throws(ChainError) -> [BlockWithLogs] {
        let last = try await client.blockNumber() - Int64(chain.confirmations)
        if next <= last { return try await reader.read(from: next, through: last, after: parent?.hash) }
        // Nothing new: the block given last must still be the chain's, or a reorg that has not (yet) made the chain
        // longer would pass unseen.
        if let parent, parent.number <= last, let tip = try await client.blocks([parent.number]).first,
            tip.hash != parent.hash
        {
            throw ChainError.replaced(tip)
        }
        return []
    }

    /// The reorg that orphaned the newest of `given`: back to the newest of the last `reorg_window` the node still
    /// has; ``Step/again`` when the node has the newest again (it answered from two branches while it switched).
    ///
    /// - Throws: ``ChainError``: `reorganised` when the node has none of them, other codes when it does not answer.
    private func reorganisation(of given: [ChainBlock]) async throws(ChainError) -> Step {
        let head = try await client.blockNumber()
        let kept = given.suffix(chain.reorgWindow).filter { $0.number <= head }
        let current = try await client.blocks(kept.map(\.number))
        guard let newest = given.last,
            let ancestor = zip(kept, current).reversed().first(where: { $0.0.hash == $0.1.hash })?.0
        else {
            let oldest = given.suffix(chain.reorgWindow).first?.number ?? chain.fromBlock
            throw ChainError(
                .reorganised,
                "the chain reorganised below block \(oldest), deeper than the \(chain.reorgWindow) blocks kept "
                    + "(reorg_window): the engine's state from there on is not the chain's, so the source stops"
            )
        }
        guard ancestor.number < newest.number else { return .again }
        let reorg = Reorg(
            fromBlock: ancestor.number + 1,
            toBlock: newest.number,
            ancestorBlock: ancestor.number,
            ancestorHash: "0x" + Hex.encode(ancestor.hash)
        )
        return .reorg(reorg, ancestor: ancestor)
    }

    /// Waits for a node to answer `eth_chainId`, and refuses one of another chain.
    private func expectChainID() async throws {
        while true {
            do throws(ChainError) {
                let reported = try await client.chainID()
                guard reported == chain.chainID else {
                    throw ChainError(.refused, "the node reports chain \(reported), not chain \(chain.chainID)")
                }
                return
            } catch  where error.code == .refused {
                throw error
            } catch {
                try await wait(after: error)
            }
        }
    }

    /// Lends `line`'s bytes to `body` for the call.
    private static func lend(
        _ line: String,
        to body: (UnsafeBufferPointer<UInt8>) async throws -> Bool
    ) async throws -> Bool {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.utf8.count)
        defer { buffer.deallocate() }
        let count = buffer.initialize(fromContentsOf: line.utf8)
        return try await body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
}

/// The journal a source goes on from, taken by the first ``ChainSource/forEachLine(_:)``, so that its lines are not
/// held while the source runs.
private final class PendingResume: Sendable {
    private let resume: Mutex<ChainResume?>

    init(_ resume: ChainResume?) { self.resume = Mutex(resume) }

    func take() -> ChainResume? {
        resume.withLock { resume in
            let taken = resume
            resume = nil
            return taken
        }
    }
}
