import BreakwaterCore
import BreakwaterEngine

extension LivePipeline {
    /// Every incident, newest first.
    public func incidents() -> [ReplayReport.IncidentEntry] { replay.incidentEntries.reversed() }

    /// One incident by id, with its timeline (its signals and actions).
    public func incident(_ id: String) -> ReplayReport.IncidentEntry? { replay.incidentEntries.first { $0.id == id } }

    /// The latest `limit` actions, newest first, each with the transactions the executor made of it.
    public func actions(limit: Int) -> [ReplayReport.ActionEntry] { replay.latestActions(limit, executor: executor) }

    /// The journal's head, how many records it has, and how many of them are not in the store yet.
    public func journal() -> JournalState { replay.journalState }

    /// The governance state: guardians, proposals and their state, pauses.
    public func governance() -> GovernanceStatus {
        GovernanceStatus(engine: replay.engine, at: replay.engine.lastTimestamp?.milliseconds ?? 0)
    }

    /// How many lines were read so far, bad ones included.
    public var linesRead: Int { replay.counts.lines }
}

/// Where a live journal stands: `GET /api/journal`.
public struct JournalState: Codable, Sendable {
    /// The chain's head hash, as lowercase hexadecimal.
    public var head: String
    /// The records in the chain.
    public var records: Int
    /// Records kept in memory, not yet in the store.
    public var pending: Int
}

extension Replay {
    /// Where the replay's journal stands.
    public var journalState: JournalState {
        JournalState(head: journal.head, records: journal.count, pending: journal.keptCount)
    }
}
