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
        try await CounterfactualReplay.run(store, alternatives: [], maxRejections: maxRejections).recorded
    }
}
