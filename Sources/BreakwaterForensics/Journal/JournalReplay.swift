public import BreakwaterEngine

/// Runs the engine again over the events a journal recorded, with the config and engine configuration of its
/// header.
public enum JournalReplay {
    /// The replay of every event in `store`, verified as it is read: a stored decision is not used, but an altered
    /// one stops the replay all the same.
    ///
    /// The same build reaches the journal's own head; a different head means this build decides differently.
    ///
    /// - Throws: ``JournalError`` if the journal cannot be read, does not verify, or its config does not load.
    public static func run(_ store: any JournalStore, maxRejections: Int = 1000) async throws(JournalError) -> Replay {
        let header = try await JournalReader.header(of: store)
        let config = try JournalReader.config(of: header)
        var replay = Replay(
            config: config,
            configYAML: header.configYAML,
            configuration: header.engineConfiguration,
            maxRejections: maxRejections
        )
        try await JournalReader.forEachEvent(in: store, config: config) { event, accounts, records in
            // The stored records of the event, verified: the replay's chain takes their hashes where its own bytes
            // match instead of hashing again.
            replay.journal.follow(records)
            replay.apply(event, accounts: accounts)
        }
        return replay
    }
}
