public import BreakwaterEngine

/// The engine's state before each of the last ``depth`` block markers of a chain's stream: what a `reorg` goes back
/// to. The engine is a value, so a state is a copy that shares what the blocks after it did not change.
public struct EngineHistory: Sendable {
    /// How many blocks' states are kept: the deepest reorg a replay follows, and the most `reorg_window` may be.
    public static let depth = 1024

    // A ring: `count` states from `start`, oldest first, in storage that grows to `depth`.
    private var engines: [Engine] = []
    private var blocks: [Int64] = []
    private var start = 0
    private var count = 0

    public init() {}

    private func slot(_ offset: Int) -> Int { (start + offset) % Self.depth }

    /// Keeps `engine` as the state before block `block`'s marker, forgetting the oldest when ``depth`` are kept.
    mutating func keep(_ engine: Engine, before block: Int64) {
        if count == Self.depth {
            start = slot(1)
            count -= 1
        }
        let index = slot(count)
        if index == engines.count {
            engines.append(engine)
            blocks.append(block)
        } else {
            engines[index] = engine
            blocks[index] = block
        }
        count += 1
    }

    /// Whether the state before block `block`'s marker is kept.
    func keeps(_ block: Int64) -> Bool {
        (0..<count).contains { blocks[slot($0)] == block }
    }

    /// The state before block `block`'s marker (the first orphaned block's: the engine at the common ancestor),
    /// forgetting it and the states after it, which were the orphaned branch's; `nil` when it is not kept.
    mutating func rewind(to block: Int64) -> Engine? {
        while count > 0, blocks[slot(count - 1)] > block { count -= 1 }
        guard count > 0, blocks[slot(count - 1)] == block else { return nil }
        count -= 1
        return engines[slot(count)]
    }
}
