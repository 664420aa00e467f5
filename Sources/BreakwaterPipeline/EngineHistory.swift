import BreakwaterCore
import BreakwaterEngine

/// What a `reorg` goes back to: the engine's state before any of the last ``depth`` block markers of a chain's
/// stream.
///
/// A copy of the engine (a value) every ``checkpointInterval`` markers, and every event since the oldest copy: the
/// state before a marker is the copy before it with the events between applied again. The engine is deterministic,
/// so that is the state it had; and copying it at every marker would copy, at every block, whatever the block
/// changed.
public struct EngineHistory: Sendable {
    /// How many blocks' states are kept: the deepest reorg a replay follows, and the most `reorg_window` may be.
    public static let depth = 1024
    /// Markers between two copies of the engine.
    static let checkpointInterval = 16

    private struct Checkpoint {
        var block: Int64
        var engine: Engine
        /// The absolute index, in ``events``, of the first event after the copy: its marker.
        var firstEvent: Int
    }

    private var checkpoints: [Checkpoint] = []
    /// The events since the oldest checkpoint, markers included, from absolute index `eventBase`.
    private var events: [Event] = []
    private var eventBase = 0
    private var markersSinceCheckpoint = 0
    /// The newest marker's block.
    private var newest: Int64?

    public init() {}

    /// Notes block `block`'s marker, about to be applied to `engine`: a copy of it every ``checkpointInterval``
    /// markers (`engine` is asked for only then).
    mutating func keep(_ engine: @autoclosure () -> Engine, before block: Int64) {
        newest = block
        if checkpoints.isEmpty || markersSinceCheckpoint >= Self.checkpointInterval {
            checkpoints.append(Checkpoint(block: block, engine: engine(), firstEvent: eventBase + events.count))
            markersSinceCheckpoint = 0
            forgetOldStates(newest: block)
        }
        markersSinceCheckpoint += 1
    }

    /// Notes an event the engine applied, once there is a checkpoint to apply it again from.
    mutating func record(_ event: Event) {
        if !checkpoints.isEmpty { events.append(event) }
    }

    /// Whether the state before block `block`'s marker is kept: the marker is one of the last ``depth``.
    func keeps(_ block: Int64) -> Bool { place(of: block) != nil }

    /// The state before block `block`'s marker (the first orphaned block's: the engine at the common ancestor),
    /// forgetting the orphaned branch's events and copies after it; `nil` when it is not kept.
    mutating func rewind(to block: Int64) -> Engine? {
        guard let (index, end) = place(of: block) else { return nil }
        var engine = checkpoints[index].engine
        for position in checkpoints[index].firstEvent..<end { _ = engine.apply(events[position - eventBase]) }
        checkpoints.removeSubrange(checkpoints.index(after: index)...)
        if checkpoints[index].block == block { checkpoints.removeLast() }
        events.removeSubrange((end - eventBase)...)
        newest = block - 1
        // The new branch's next marker starts a checkpoint, so what it decides is never re-applied from before.
        markersSinceCheckpoint = Self.checkpointInterval
        return engine
    }

    /// Where the state before block `block`'s marker is: the latest checkpoint before it, and the absolute index
    /// of the marker (the events from the checkpoint up to it are applied again); `nil` when it is not kept.
    private func place(of block: Int64) -> (checkpoint: Int, marker: Int)? {
        guard let newest, block > newest - Int64(Self.depth), block <= newest,
            let index = checkpoints.lastIndex(where: { $0.block <= block })
        else { return nil }
        let first = checkpoints[index].firstEvent
        // A checkpoint is taken just before its block's marker, the first event after it.
        if checkpoints[index].block == block { return (index, first) }
        return marker(of: block, from: first).map { (index, $0) }
    }

    /// The absolute index of block `block`'s marker among the events from `first` on.
    private func marker(of block: Int64, from first: Int) -> Int? {
        for position in first..<(eventBase + events.count) {
            let event = events[position - eventBase]
            if case .block = event.payload, event.provenance?.block == block { return position }
        }
        return nil
    }

    /// Drops the copies and events no state of the last ``depth`` markers needs.
    private mutating func forgetOldStates(newest: Int64) {
        let oldestKept = newest - Int64(Self.depth) + 1
        var drop = 0
        while drop + 1 < checkpoints.count, checkpoints[drop + 1].block <= oldestKept { drop += 1 }
        guard drop > 0 else { return }
        checkpoints.removeFirst(drop)
        let first = checkpoints[0].firstEvent - eventBase
        events.removeFirst(first)
        eventBase += first
    }
}
