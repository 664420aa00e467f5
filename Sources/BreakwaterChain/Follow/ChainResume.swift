import BreakwaterCore
import BreakwaterFormats
public import BreakwaterPipeline

/// Where a journal left a chain source: the lines it gave, which a restarted source gives again from the journal
/// instead of asking the node, and the blocks they name, from which it goes on.
public struct ChainResume: Sendable {
    /// The journal's lines that came from the chain (block markers, mapped logs, reorgs), in order.
    public private(set) var lines: [String] = []
    /// The blocks of the journal's markers on its branch, oldest first: at least the last ``EngineHistory/depth``.
    public private(set) var blocks: [ChainBlock] = []
    /// The index of the last log of the newest block that the journal holds; `nil` when it holds none of them.
    public private(set) var lastLogIndex: Int64?
    /// Whether the journal holds all of the newest block: a reorg went back to it, after its logs.
    public private(set) var newestIsWhole = false

    init() {}

    /// What `store` holds of a chain source; `nil` when it holds no block.
    public static func reading(_ store: any JournalStore) async throws(JournalError) -> ChainResume? {
        let config = try JournalReader.config(of: try await JournalReader.header(of: store))
        let encoder = EventEncoder(config: config)
        var resume = ChainResume()
        try await JournalReader.forEachEvent(in: store, config: config) { event, accounts in
            resume.note(event, line: encoder.line(for: event, accounts: accounts))
        }
        return resume.blocks.isEmpty ? nil : resume
    }

    /// Follows one journaled event; lines that did not come from the chain (posted lines, the service's and
    /// operators' notes) are left out, a `log_unmapped` note kept.
    mutating func note(_ event: Event, line: @autoclosure () -> String) {
        switch event.payload {
        case .block:
            guard let number = event.provenance?.block,
                let hash = event.provenance?.blockHash.flatMap({ Hex.decode($0.dropFirst(2)) })
            else { return }
            let seconds = event.timestamp.milliseconds / 1000
            blocks.append(ChainBlock(number: number, hash: hash, parentHash: [], timestamp: seconds))
            if blocks.count > 2 * EngineHistory.depth { blocks.removeFirst(blocks.count - EngineHistory.depth) }
            (lastLogIndex, newestIsWhole) = (nil, false)
        case .reorg(let reorg):
            blocks.removeAll { $0.number > reorg.ancestorBlock }
            (lastLogIndex, newestIsWhole) = (nil, true)
        default:
            guard event.provenance?.block != nil else { return }
            lastLogIndex = event.provenance?.logIndex
        }
        lines.append(line())
    }
}
