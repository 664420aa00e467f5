import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation
import Foundation

/// Where `breakwater run` reads its events: the embedded simulated market, a file that grows, or standard input.
enum LiveSource: Sendable {
    /// The demo's market with its scheduled attack, then two benign days, played `speed` times faster than event time.
    case simulated(lines: [String], speed: Double)
    /// A JSON Lines file, read as it grows (`tail -f`).
    case follow(path: String)
    case stdin

    var name: String {
        switch self {
        case .simulated: "simulated"
        case .follow(let path): "file \(path)"
        case .stdin: "standard input"
        }
    }

    /// The simulated market of `seed`: the demo's three hours (the attack comes at t+90m) and two benign days after.
    static func simulated(seed: UInt64, speed: Double, configYAML: String) throws -> (source: LiveSource, configYAML: String) {
        let attack = MangoScenario(seed: seed)
        let story = try Demo.story(of: attack, configYAML: configYAML)
        var after = MangoScenario.benign(seed: seed &+ 1, days: 2)
        after.start = attack.start.advanced(by: attack.durationMilliseconds + attack.stepMilliseconds)
        let calm = after.schedule(for: story.config)
        let encoder = EventEncoder(config: story.config)
        let calmLines = calm.events().map { encoder.line(for: $0, accounts: calm.accounts) }
        return (.simulated(lines: story.lines + calmLines, speed: speed), story.configYAML)
    }

    /// Feeds every line to `ingest` as it comes, pacing the simulated market once `ingest` says the journal has
    /// caught up (a resumed journal's lines are decided again at full speed); returns when the source ends (a file
    /// never does) or the task is cancelled.
    func run(_ ingest: ([UInt8]) async throws -> Bool) async throws {
        switch self {
        case .simulated(let lines, let speed):
            try await Self.pace(lines, speed: speed, ingest)
        case .follow(let path):
            try await Self.poll(LineReader(path: path), ingest)
        case .stdin:
            try await Self.poll(LineReader(path: "-"), ingest)
        }
    }

    /// Each line waits until its event time, scaled down by `speed`, has come since the first.
    private static func pace(_ lines: [String], speed: Double, _ ingest: ([UInt8]) async throws -> Bool) async throws {
        let clock = ContinuousClock()
        var origin: (wall: ContinuousClock.Instant, event: Int64)?
        var caughtUp = false
        for line in lines {
            try Task.checkCancellation()
            if caughtUp, let ts = eventTime(line) {
                let start = origin ?? (clock.now, ts)
                origin = start
                let due = start.wall + .milliseconds(Int64(Double(ts - start.event) / speed))
                if due > clock.now { try await clock.sleep(until: due) }
            }
            caughtUp = try await ingest(Array(line.utf8))
        }
    }

    /// Lines of a growing stream; when there is no whole line yet, a fifth of a second's wait.
    private static func poll(_ reader: LineReader, _ ingest: ([UInt8]) async throws -> Bool) async throws {
        while true {
            try Task.checkCancellation()
            switch try reader.poll() {
            case .line(let line): _ = try await ingest(Array(line))
            case .waiting: try await Task.sleep(for: .milliseconds(200))
            case .ended: return
            }
        }
    }

    /// The `ts` of a line the simulator wrote (milliseconds, right after `"ts":`).
    private static func eventTime(_ line: String) -> Int64? {
        guard let range = line.range(of: #""ts":"#) else { return nil }
        return Int64(line[range.upperBound...].prefix { $0.isNumber || $0 == "-" })
    }
}
