/// How hard the SQLite journal pushes each batch to the disk: SQLite's `synchronous` setting, in WAL mode.
///
/// Both survive a crash of the process: a batch whose append returned is in the file. They differ on a power loss
/// or a crash of the machine: with `full` a returned append is on the disk too (the write-ahead log is synced at
/// every commit); with `normal` the last batches before the loss may be missing (the log is synced only when it is
/// folded into the file), though the file is never corrupt. `docs/journal.md` gives the measured cost.
public enum JournalSync: String, Sendable, CaseIterable {
    /// `PRAGMA synchronous = NORMAL`: durable against a crash of the process, not a power loss.
    case normal
    /// `PRAGMA synchronous = FULL`: durable against a power loss too. The default: a security record.
    case full

    /// The default of every command and the service.
    public static let `default` = JournalSync.full

    /// The pragma's value.
    var pragma: String { rawValue.uppercased() }
}
