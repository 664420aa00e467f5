import Foundation

/// The benchmarks' journals in the temporary folder: a SQLite file and the write-ahead log and shared memory beside
/// it, all removed when the benchmark is done with them.
enum ScratchJournal {
    /// A fresh path in the temporary folder, named after `purpose`.
    static func path(_ purpose: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(purpose)-\(UUID()).journal").path
    }

    /// Removes the journal at `path` with its `-wal` and `-shm` files, those that exist.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
