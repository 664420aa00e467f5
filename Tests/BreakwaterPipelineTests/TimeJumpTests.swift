import BreakwaterCore
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterTesting
import PropertyBased
import Testing

/// One line whose time jumps far ahead cannot make every later line an error: it is held until the next lines
/// confirm the jump (`stream.confirm_lines`, within `stream.max_time_jump_ms`) or refuse it (#22, part 4).
@Suite struct TimeJumpTests {
    static let day: Int64 = 86_400_000
    static let slip: Int64 = 1_665_410_800_492_000_000

    static func line(_ time: Int64, account: String = "alice") -> String {
        #"{"ts":\#(time),"kind":"deposit","pool":"main","account":"\#(account)","asset":"USDC","amount":"1"}"#
    }

    /// Feeds `lines`, then ends the stream: the lines decided in order, and the errors.
    static func run(_ lines: [String], end: Bool = true) -> (decided: [Int], errors: [StreamError]) {
        var replay = JournalTestStreams.replay()
        var decided: [Int] = []
        var errors: [StreamError] = []
        for (index, line) in lines.enumerated() {
            let outcome = Array(line.utf8).withUnsafeBufferPointer { replay.decide(line: $0, number: index + 1) }
            decided += outcome.decided.map(\.line)
            errors += outcome.errors
        }
        if end {
            let outcome = replay.endOfStream()
            decided += outcome.decided.map(\.line)
            errors += outcome.errors
        }
        return (decided, errors)
    }

    @Test func aSlipIsABadLineAndTheLinesAfterItAreDecided() {
        let (decided, errors) = Self.run([1_000, 2_000, Self.slip, 3_000, 4_000, 5_000].map { Self.line($0) })
        #expect(decided == [1, 2, 4, 5, 6])
        #expect(
            errors == [
                StreamError(
                    .timeJump,
                    line: 3,
                    field: "ts",
                    message: "jumps \(Self.slip - 2_000) ms past the stream's time"
                )
            ]
        )
    }

    @Test func aRealGapIsConfirmedByTheNextLinesAndAllAreDecidedInOrder() {
        let gap = 2_000 + 8 * Self.day
        var replay = JournalTestStreams.replay()
        var decidedAt: [[Int]] = []
        for (index, time) in [1_000, 2_000, gap, gap + 1, gap + 1, gap + 7 * Self.day].enumerated() {
            let outcome = Array(Self.line(time).utf8).withUnsafeBufferPointer {
                replay.decide(line: $0, number: index + 1)
            }
            #expect(outcome.errors.isEmpty)
            decidedAt.append(outcome.decided.map(\.line))
        }
        #expect(decidedAt == [[1], [2], [], [], [], [3, 4, 5, 6]])
        #expect(replay.decoder.lastTimestamp == gap + 7 * Self.day)
    }

    @Test func exactlyTheBoundIsTakenAtOnce() {
        let (decided, errors) = Self.run([1_000, 1_000 + 7 * Self.day].map { Self.line($0) }, end: false)
        #expect(decided == [1, 2])
        #expect(errors.isEmpty)
    }

    @Test func aConfirmingLineTooFarFromTheHeldOneRefusesIt() {
        let gap = 8 * Self.day
        let (decided, errors) = Self.run([0, gap, gap + 1, 1_000].map { Self.line($0) })
        // Line 4 is out of order for the jump: line 2 is refused; line 3, read again, jumps too and is refused
        // by line 4 in turn; line 4 is decided against the old clock.
        #expect(decided == [1, 4])
        #expect(errors.map(\.line) == [2, 3])
        #expect(errors.allSatisfy { $0.code == .timeJump })
    }

    @Test func aBadLineWhileHoldingNeitherConfirmsNorRefusesAndIsReportedAtOnce() {
        let gap = 8 * Self.day
        let lines = [
            Self.line(0), Self.line(gap), "{not json", Self.line(gap + 1), Self.line(gap + 2), Self.line(gap + 3),
        ]
        let (decided, errors) = Self.run(lines)
        #expect(decided == [1, 2, 4, 5, 6])
        #expect(errors.map(\.line) == [3])
        // Reported by the line itself, not kept for later: bad lines behind a held one hold nothing.
        var replay = JournalTestStreams.replay()
        for (index, line) in lines.prefix(2).enumerated() {
            _ = Array(line.utf8).withUnsafeBufferPointer { replay.decide(line: $0, number: index + 1) }
        }
        for number in 3...1_002 {
            let outcome = Array("{not json".utf8).withUnsafeBufferPointer { replay.decide(line: $0, number: number) }
            #expect(outcome.errors.map(\.line) == [number] && replay.isHolding)
        }
    }

    @Test func aLineStillHeldWhenTheStreamEndsIsABadLine() {
        let (decided, errors) = Self.run([Self.line(0), Self.line(Self.slip), Self.line(500)])
        #expect(decided == [1, 3])
        #expect(errors.map(\.line) == [2])
        let (heldToTheEnd, endErrors) = Self.run([Self.line(0), Self.line(Self.slip), Self.line(Self.slip + 1)])
        // Line 3 confirms nothing alone; at the end line 2 is refused, and line 3, read again, jumps and is too.
        #expect(heldToTheEnd == [1])
        #expect(endErrors.map(\.line) == [2, 3])
    }

    @Test func confirmLinesAndTheBoundComeFromTheConfig() {
        let yaml = JournalTestStreams.configYAML + "\nstream:\n  max_time_jump_ms: 1000\n  confirm_lines: 1\n"
        var replay = JournalTestStreams.replay(configYAML: yaml)
        var decided: [Int] = []
        for (index, time) in [0, 1_000, 2_001, 2_002].enumerated() {
            decided += Array(Self.line(Int64(time)).utf8).withUnsafeBufferPointer {
                replay.decide(line: $0, number: index + 1)
            }.decided.map(\.line)
        }
        #expect(decided == [1, 2, 3, 4])
    }

    /// A stream with slips and real gaps.
    static let jumpingLines = {
        var lines: [String] = []
        var time: Int64 = 1_700_000_000_000
        for index in 0..<50 {
            time += 1_000
            if index % 17 == 5 { lines.append(Self.line(Self.slip, account: "slip-\(index)")) }
            if index % 13 == 11 { time += 9 * Self.day }
            lines.append(Self.line(time, account: "a-\(index % 7)"))
        }
        return lines
    }()

    /// Stopped after every line, a line held or not, with a snapshot after every line it could take one: the
    /// resumed run ends with the uninterrupted run's journal (a snapshot taken while a line is held would skip it).
    @Test func noSnapshotIsTakenWhileALineIsHeld() async throws {
        let lines = Self.jumpingLines
        let expected = try await JournalTestStreams.journal(of: lines)
        for stop in 0...lines.count {
            let resumed = try await JournalTestStreams.resumedJournal(
                of: lines,
                stoppingAfter: stop,
                batchSize: 1,
                snapshotInterval: 1
            )
            #expect(resumed.records == expected, "stopped after line \(stop)")
            if resumed.records != expected { return }
        }
    }

    /// Stopped after any line (a line held or not), with unwritten batches lost, and resumed from its journal and
    /// snapshots, a run with slips and real gaps ends with the uninterrupted run's journal.
    @Test func aResumedRunHoldsAndDecidesExactlyAsTheUninterruptedOne() async throws {
        let lines = Self.jumpingLines
        let expected = try await JournalTestStreams.journal(of: lines)
        await propertyCheck(
            count: 25,
            input: Gen.int(in: 0...lines.count),
            Gen.int(in: 1...40),
            Gen.int(in: 1...30)
        ) { stop, batch, interval in
            let resumed = try! await JournalTestStreams.resumedJournal(
                of: lines,
                stoppingAfter: stop,
                batchSize: batch,
                snapshotInterval: interval
            )
            #expect(resumed.records == expected)
        }
    }
}
