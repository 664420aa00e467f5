import Foundation
import GRDB
import Testing

/// `replay --journal`, `demo --journal` and `journal verify|export` through the real binary.
@Suite struct JournalCLITests {
    /// A demo stream and its config in a fresh folder.
    static func demoFolder(seed: Int = 5) throws -> URL {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let demo = try BreakwaterProcess.run(["demo", "--seed", "\(seed)", "--out", folder.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        return folder
    }

    static func replay(_ folder: URL, journal: String, extra: [String] = []) throws -> BreakwaterProcess.Output {
        try BreakwaterProcess.run(
            [
                "replay", folder.appendingPathComponent("stream.jsonl").path,
                "--config", folder.appendingPathComponent("config.yml").path, "--journal", journal, "--format", "json",
            ] + extra
        )
    }

    static func head(ofReport output: BreakwaterProcess.Output) throws -> String {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return try #require(report["journal_head"] as? String)
    }

    static func verify(_ journal: String) throws -> [String: Any] {
        let output = try BreakwaterProcess.run(["journal", "verify", journal, "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    /// The crash test: a replay killed with SIGKILL at 20 seeded points and resumed each time, from the
    /// latest snapshot, ends with exactly the journal and report of an uninterrupted run: nothing lost, nothing twice,
    /// the chain intact.
    @Test func aReplayKilledTwentyTimesResumesToTheUninterruptedJournal() throws {
        let folder = try Self.demoFolder()
        let lineCount = try String(contentsOf: folder.appendingPathComponent("stream.jsonl"), encoding: .utf8)
            .split(separator: "\n").count
        let whole = folder.appendingPathComponent("whole.journal").path
        let uninterrupted = try Self.replay(folder, journal: whole, extra: ["--journal-batch", "500"])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let expectedHead = try Self.head(ofReport: uninterrupted)
        let expectedCount = try #require(try Self.verify(whole)["verified"] as? Int)

        // Twenty distinct kill points from a fixed seed (splitmix64), in order.
        var state: UInt64 = 20_260_000
        var points: Set<Int> = []
        while points.count < 20 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            points.insert(1 + Int((z ^ (z >> 31)) % UInt64(lineCount - 1)))
        }
        let interrupted = folder.appendingPathComponent("interrupted.journal").path
        var previous = 0
        for point in points.sorted() {
            let killed = try Self.replay(
                folder,
                journal: interrupted,
                extra: ["--journal-batch", "500", "--snapshot-interval", "700", "--test-kill-after-line", "\(point)"]
            )
            #expect(killed.killedBySignal && killed.status == SIGKILL, "line \(point): \(killed.stderr)")
            let state = try Self.verify(interrupted)
            // Killed before its first batch was committed, a journal holds nothing yet: lost is only what was never
            // stored, and the next run starts it.
            let empty = state["verified"] as? Int == 0 && previous == 0
            #expect(state["intact"] as? Bool == true || empty, "after the kill at line \(point): \(state)")
            let count = state["verified"] as? Int ?? 0
            #expect(count >= previous && count <= expectedCount)
            previous = count
        }
        let finished = try Self.replay(
            folder,
            journal: interrupted,
            extra: ["--journal-batch", "500", "--snapshot-interval", "700"]
        )
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(
            finished.stderr.contains("resumed after") && finished.stderr.contains("from the snapshot after line"),
            "\(finished.stderr)"
        )
        #expect(try Self.head(ofReport: finished) == expectedHead)
        #expect(finished.stdout == uninterrupted.stdout, "the same report, byte for byte")
        let final = try Self.verify(interrupted)
        #expect(final["intact"] as? Bool == true)
        #expect(final["verified"] as? Int == expectedCount)
        #expect(final["head"] as? String == expectedHead)
    }

    /// Regression: a stream that ends before the line of the snapshot a resumed run restores is refused, not taken
    /// as the end of the journal's stream.
    @Test func aStreamShorterThanTheSnapshotIsRefused() throws {
        let folder = try Self.demoFolder()
        let journal = folder.appendingPathComponent("run.journal").path
        let whole = try Self.replay(folder, journal: journal, extra: ["--snapshot-interval", "700"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let stream = folder.appendingPathComponent("stream.jsonl")
        let lines = try String(contentsOf: stream, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(1_000).joined(separator: "\n") + "\n").utf8).write(to: stream)
        let short = try Self.replay(folder, journal: journal, extra: ["--snapshot-interval", "700"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("the stream ends at line 1000, before line"), "\(short.stderr)")
    }

    @Test func theDemoJournalVerifiesAndExportsTheStreamItRan() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let journal = folder.appendingPathComponent("demo.journal").path
        let demo = try BreakwaterProcess.run(["demo", "--seed", "5", "--out", folder.path, "--journal", journal])
        #expect(demo.status == 0, "\(demo.stderr)")
        let verify = try BreakwaterProcess.run(["journal", "verify", journal])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("records verify; head"))
        let events = folder.appendingPathComponent("exported.jsonl").path
        let config = folder.appendingPathComponent("exported.yml").path
        let export = try BreakwaterProcess.run([
            "journal", "export", journal, "--format", "jsonl", "--out", events, "--config-out", config,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: events))
                == Data(contentsOf: folder.appendingPathComponent("stream.jsonl"))
        )
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: config))
                == Data(contentsOf: folder.appendingPathComponent("config.yml"))
        )
        // Replaying the journal gives the report the stream gave, and the journal's head.
        let fromJournal = try BreakwaterProcess.run(["replay", "--from-journal", journal, "--format", "json"])
        #expect(fromJournal.status == 0, "\(fromJournal.stderr)")
        #expect(fromJournal.stderr.contains("to the journal's head"))
        #expect(
            fromJournal.stdout
                == (try String(contentsOf: folder.appendingPathComponent("report.json"), encoding: .utf8))
        )
        // Replaying the export writes the same journal again.
        let again = folder.appendingPathComponent("again.journal").path
        let replay = try BreakwaterProcess.run([
            "replay", events, "--config", config, "--journal", again, "--format", "json",
        ])
        #expect(try Self.head(ofReport: replay) == (try Self.verify(journal)["head"] as? String))
    }

    @Test func verifyNamesTheFirstRecordThatFailsAndExitsNonZero() throws {
        let folder = try Self.demoFolder()
        let journal = folder.appendingPathComponent("run.journal").path
        #expect(try Self.replay(folder, journal: journal).status == 0)
        try DatabaseQueue(path: journal).write { db in
            let bytes = try #require(
                try Data.fetchOne(db, sql: "SELECT bytes FROM journal_record WHERE sequence = 777")
            )
            var altered = [UInt8](bytes)
            altered[altered.count / 2] ^= 0x01
            try db.execute(sql: "UPDATE journal_record SET bytes = ? WHERE sequence = 777", arguments: [Data(altered)])
        }
        let output = try BreakwaterProcess.run(["journal", "verify", journal])
        #expect(output.status == 1)
        #expect(output.stdout.contains("record 777: "), "\(output.stdout)")
        #expect(output.stdout.contains("the 776 records before it verify"))
        let export = try BreakwaterProcess.run(["journal", "export", journal])
        #expect(export.status == 1)
        #expect(export.stderr.contains("record 777: "))
        // Replaying it stops at the altered record too, even when it is a decision, which a replay does not use.
        let replay = try BreakwaterProcess.run(["replay", "--from-journal", journal])
        #expect(replay.status == 1)
        #expect(replay.stderr.contains("record 777: "), "\(replay.stderr)")
        let missing = try BreakwaterProcess.run([
            "journal", "verify", folder.appendingPathComponent("missing.journal").path,
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no journal at"))
    }

    @Test func aJournalOfAnotherConfigIsRefusedWithTheReason() throws {
        let folder = try Self.demoFolder()
        let journal = folder.appendingPathComponent("run.journal").path
        #expect(try Self.replay(folder, journal: journal).status == 0)
        let other = folder.appendingPathComponent("other.yml")
        try Data(
            (try String(contentsOf: folder.appendingPathComponent("config.yml"), encoding: .utf8) + "\n# changed\n")
                .utf8
        ).write(to: other)
        let output = try BreakwaterProcess.run([
            "replay", folder.appendingPathComponent("stream.jsonl").path, "--config", other.path, "--journal", journal,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("written with another protocol config"))
    }
}
