public import BreakwaterCore
public import BreakwaterPipeline
public import Logging

/// An EVM chain as the live pipeline's source: it polls the node's head every `poll_interval_ms` and gives every
/// block `confirmations` behind it, in order, as the event stream's lines: the block's marker, then its mapped logs.
///
/// A node that does not answer is waited for, never a crash: the source gives nothing meanwhile, so the service
/// sees it quiet (a source-outage incident), and it goes on from the block it had reached when a node answers again,
/// losing none. A node of another chain stops it at the start. A block that is not the child of the one before it
/// (a reorg below the blocks already given) stops it with an error naming the block: following a reorg comes next.
public struct ChainSource: EventSource {
    private let reader: BlockRangeReader
    private let mapper: LogMapper
    private let logger: Logger

    /// A source of `chain`'s blocks, mapped into events of `config`, read through `client`.
    public init(chain: ChainConfig, config: ProtocolConfig, client: JSONRPCClient, logger: Logger) {
        reader = BlockRangeReader(client: client, chain: chain)
        mapper = LogMapper(config: config, chain: chain)
        self.logger = logger
    }

    private var chain: ChainConfig { reader.chain }
    private var client: JSONRPCClient { reader.client }

    /// `chain 1337 at http://127.0.0.1:8545`: the first node, as `scheme://host:port`.
    public var name: String { "chain \(chain.chainID) at \(client.endpoints[0].redacted)" }

    /// Mined logs are facts: the engine observes them.
    public var minesFacts: Bool { true }

    /// Gives the chain's blocks from `from_block` on, until the task is cancelled. A resumed journal is decided
    /// again from `from_block`, at full speed, before new blocks are.
    ///
    /// - Throws: ``ChainError`` when the node is another chain or the chain reorganised below a block given, or
    ///   what `body` throws.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        try await expectChainID()
        var mapper = self.mapper
        var next = chain.fromBlock
        var parent: [UInt8]?
        while true {
            try Task.checkCancellation()
            let branch: [BlockWithLogs]
            do throws(ChainError) {
                let last = try await client.blockNumber() - Int64(chain.confirmations)
                if next <= last {
                    branch = try await reader.read(from: next, through: last, after: parent)
                } else {
                    // Nothing new: the block given last must still be the chain's, or a reorg that has not (yet)
                    // made the chain longer would pass unseen.
                    if let parent, next - 1 <= last, let tip = try await client.blocks([next - 1]).first,
                        tip.hash != parent
                    {
                        throw ChainError.replaced(tip)
                    }
                    branch = []
                }
            } catch  where error.code == .reorganised {
                throw error
            } catch {
                logger.warning("chain: \(error.message); asking again in \(chain.pollInterval)")
                try await Task.sleep(for: chain.pollInterval)
                continue
            }
            guard let newest = branch.last?.block else {
                try await Task.sleep(for: chain.pollInterval)
                continue
            }
            for item in branch {
                let lines = mapper.lines(for: item) { error in
                    logger.error("chain: a log that does not map is left out: \(error.message)")
                }
                for line in lines { _ = try await Self.lend(line, to: body) }
            }
            parent = newest.hash
            next = newest.number + 1
        }
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
                logger.warning("chain: \(error.message); asking again in \(chain.pollInterval)")
                try await Task.sleep(for: chain.pollInterval)
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
