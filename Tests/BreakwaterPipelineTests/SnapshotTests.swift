import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterTesting
import PropertyBased
import Testing

/// Snapshots of a replay's state: restored at any line, a replay goes on exactly as the uninterrupted one.
@Suite struct SnapshotTests {
    static let lines = JournalTestStreams.lines(3_000, seed: 11)
    static let demo = try! Demo(seed: 42)

    static func uninterrupted(_ lines: [String]) -> Replay {
        var replay = JournalTestStreams.replay()
        for (index, line) in lines.enumerated() { replay.feed(line: Array(line.utf8), number: index + 1) }
        return replay
    }

    /// Feeds `lines` up to `cut`, stores and reloads a snapshot there, and feeds the rest to the restored replay.
    static func resumed(_ lines: [String], at cut: Int) throws -> Replay {
        var first = JournalTestStreams.replay()
        for (index, line) in lines[..<cut].enumerated() { first.feed(line: Array(line.utf8), number: index + 1) }
        let stored = try ReplaySnapshot(encoded: first.snapshot(line: cut).encoded())
        #expect(stored.line == cut && stored.records == first.journal.count)
        var replay = JournalTestStreams.replay()
        replay.restore(stored)
        for (offset, line) in lines[cut...].enumerated() {
            replay.feed(line: Array(line.utf8), number: cut + offset + 1)
        }
        return replay
    }

    @Test func aReplayRestoredAtAnyLineReachesTheSameHeadAndReport() async throws {
        let whole = Self.uninterrupted(Self.lines)
        let expected = whole.report()
        await propertyCheck(count: 25, input: Gen.int(in: 0...Self.lines.count)) { cut in
            let replay = try Self.resumed(Self.lines, at: cut)
            #expect(replay.journal.head == whole.journal.head)
            #expect(replay.report() == expected)
        }
    }

    /// The demo's attack cut inside the incident (halted market, open incident, reduce-only running).
    @Test func theDemoRestoredMidIncidentDecidesTheSame() throws {
        let whole = Self.uninterrupted(Self.demo.lines)
        for cut in [5_300, 5_314, 5_460, 6_100, 6_600] {
            let replay = try Self.resumed(Self.demo.lines, at: cut)
            #expect(replay.journal.head == whole.journal.head, "cut at \(cut)")
            #expect(replay.report() == whole.report(), "cut at \(cut)")
        }
    }

    /// Regression: the decoder's last time is part of the state. A line earlier than the one before, right after the
    /// snapshot, is a bad line in both runs (it once reached the restored engine and was journaled as a rejection).
    @Test func aLineBackInTimeRightAfterTheSnapshotIsABadLineAsWithout() throws {
        var lines = Array(Self.lines.prefix(400))
        lines.insert(lines[0], at: 200)
        let whole = Self.uninterrupted(lines)
        #expect(whole.report().errors.map(\.line) == [201])
        let replay = try Self.resumed(lines, at: 200)
        #expect(replay.report() == whole.report())
        #expect(replay.journal.head == whole.journal.head)
    }

    @Test func aDamagedSnapshotIsATypedError() throws {
        var bytes = try Self.uninterrupted(Array(Self.lines.prefix(100))).snapshot(line: 100).encoded()
        bytes.removeLast(10)
        #expect(throws: JournalError.self) { _ = try ReplaySnapshot(encoded: bytes) }
    }

    @Test func aSnapshotOfAnotherStateFormatIsRefused() throws {
        let bytes = try Self.uninterrupted(Array(Self.lines.prefix(100))).snapshot(line: 100).encoded()
        var other = try ReplaySnapshot(encoded: bytes)
        other.format = 99
        let error = #expect(throws: JournalError.self) { _ = try ReplaySnapshot(encoded: try other.encoded()) }
        #expect(error?.message == "the snapshot's state is in format 99; this build's is 1")
    }
}
