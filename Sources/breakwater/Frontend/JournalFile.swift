import ArgumentParser
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterSources
import BreakwaterStorage
import Foundation

/// Opens the SQLite journals named on the command line; a failure exits with status 1 after saying why.
enum JournalFile {
    /// The journal at `path`, created if there is no file there, written with `sync`.
    static func openOrCreate(_ path: String, sync: JournalSync = .default) throws -> SQLiteJournalStore {
        do {
            return try SQLiteJournalStore(path: path, sync: sync)
        } catch {
            throw fail(path, error)
        }
    }

    /// The journal at `path`, which must exist.
    static func openExisting(_ path: String) throws -> SQLiteJournalStore {
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.error("no journal at \(path)")
            throw ExitCode(1)
        }
        return try openOrCreate(path)
    }

    /// Opens the journal at `path` and attaches it to `replay`, resuming what it holds.
    static func attach(
        _ path: String,
        to replay: inout Replay,
        batchSize: Int,
        snapshotInterval: Int = 0,
        sync: JournalSync = .default
    ) async throws -> JournalSession {
        let store = try openOrCreate(path, sync: sync)
        let session: JournalSession
        do {
            session = try await JournalSession.attach(
                store,
                to: &replay,
                batchSize: batchSize,
                snapshotInterval: snapshotInterval
            )
        } catch {
            throw fail(path, error)
        }
        if let reason = session.unusedSnapshot {
            Terminal.progress("journal \(path): its snapshot is not used (\(reason)); recomputing from the first line")
        }
        return session
    }

    /// Feeds `source` (the stream at `stream`) to `replay`, journaling it through `session` into the journal at
    /// `path`; a failure exits after saying why: a bad line with `badLineExit` (when `strict`), an unreadable source
    /// or a journal error with 1.
    static func run(
        _ source: some EventSource,
        stream: String,
        into replay: inout Replay,
        session: inout JournalSession?,
        journal path: String?,
        strict: Bool = true,
        badLineExit: Int32 = 2
    ) async throws {
        do {
            try await replay.run(source, journal: &session, stopAtFirstError: strict)
        } catch {
            switch error.code {
            case .badLine:
                Terminal.error(error.message)
                throw ExitCode(badLineExit)
            case .journal:
                throw fail(path ?? "", (error.cause as? JournalError) ?? JournalError(.storage, error.message))
            default:
                let reason = (error.cause as? SourceError).map { " (\($0.message))" } ?? ""
                Terminal.error("cannot read stream \(stream)\(reason)")
                throw ExitCode(1)
            }
        }
    }

    /// Says on standard error what a session wrote.
    static func summarize(_ session: JournalSession, of replay: Replay, path: String) {
        let restored = session.resumeLine > 0 ? " from the snapshot after line \(session.resumeLine)" : ""
        let resumed = session.resumedAfter > 0 ? ", resumed after \(session.resumedAfter) already there\(restored)" : ""
        Terminal.progress(
            "journal \(path): \(replay.journal.count) records (\(session.written) written\(resumed)), head \(replay.journal.head)"
        )
    }

    /// The run the journal at `path` recorded, replayed and verified to its head; a journal that cannot be read or
    /// does not verify exits with its error.
    static func replayed(_ path: String) async throws -> Replay {
        let store = try openExisting(path)
        do {
            return try await JournalReplay.run(store)
        } catch {
            throw fail(path, error)
        }
    }

    /// Reports a journal error and gives the exit code to throw.
    static func fail(_ path: String, _ error: JournalError) -> ExitCode {
        Terminal.error("journal \(path): \(error.message)")
        return ExitCode(1)
    }
}
