public import BreakwaterCore
public import BreakwaterEngine

/// Runs the engine again over the events a journal recorded, with the config and engine configuration of its
/// header.
public enum JournalReplay {
    /// The replay of every event in `store`, verified as it is read: a stored decision is not used, but an altered
    /// one stops the replay all the same.
    ///
    /// The same build reaches the journal's own head; a different head means this build decides differently. The
    /// replay's chain takes the stored, verified hashes of the records whose bytes it writes again, instead of
    /// hashing them anew.
    ///
    /// - Parameters:
    ///   - store: the journal.
    ///   - maxRejections: how many rejections the report lists; `0` lists all.
    /// - Throws: ``JournalError`` if the journal cannot be read, does not verify, or its config does not load.
    public static func run(_ store: any JournalStore, maxRejections: Int = 1000) async throws(JournalError) -> Replay {
        try await replaying(store, maxRejections: maxRejections) { replay, event, accounts in
            replay.apply(event, accounts: accounts)
        }
    }

    /// ``run(_:maxRejections:)``, with `each` seeing every event, the accounts bound up to it, the decision, and the
    /// replay right after it.
    public static func run(
        _ store: any JournalStore,
        maxRejections: Int = 1000,
        each: (_ event: Event, _ accounts: AccountDirectory, _ decision: Decision, _ replay: Replay) -> Void
    ) async throws(JournalError) -> Replay {
        try await replaying(store, maxRejections: maxRejections) { replay, event, accounts in
            each(event, accounts, replay.apply(event, accounts: accounts), replay)
        }
    }

    /// The replay of `store`'s header, after `step` has applied each of its events to it in order.
    private static func replaying(
        _ store: any JournalStore,
        maxRejections: Int,
        _ step: (inout Replay, Event, AccountDirectory) -> Void
    ) async throws(JournalError) -> Replay {
        let header = try await JournalReader.header(of: store)
        let config = try JournalReader.config(of: header)
        var replay = Replay(
            config: config,
            configYAML: header.configYAML,
            configuration: header.engineConfiguration,
            maxRejections: maxRejections
        )
        try await JournalReader.forEachEvent(in: store, config: config) { event, accounts, stored in
            replay.journal.follow(stored.page, stored.range)
            step(&replay, event, accounts)
        }
        return replay
    }
}
