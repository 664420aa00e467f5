import BreakwaterCore
public import BreakwaterFormats
public import BreakwaterPipeline
import BreakwaterSimulation
import Foundation

/// The simulated market played live: lines paced by their event time, `speed` times faster.
public struct SimulatedMarketSource: EventSource {
    /// The stream, as JSON Lines.
    public let lines: [String]
    /// How many times faster than event time the lines come.
    public let speed: Double

    /// A source playing `lines`, paced by their event time `speed` times faster.
    public init(lines: [String], speed: Double) {
        self.lines = lines
        self.speed = speed
    }

    /// The embedded demo played live: the demo's three hours of `seed` (the attack comes at t+90m, then the
    /// people's ending) and two benign days after.
    ///
    /// - Returns: the source and the config text it needs (the demo's governance added when `configYAML` has none).
    /// - Throws: ``ConfigError`` if the config is invalid or lacks the reference protocol's names.
    public static func demo(
        seed: UInt64,
        speed: Double,
        configYAML: String
    ) throws(ConfigError) -> (source: Self, configYAML: String) {
        let attack = MangoScenario(seed: seed)
        let story = try Demo.story(of: attack, configYAML: configYAML)
        var after = MangoScenario.benign(seed: seed &+ 1, days: 2)
        after.start = attack.start.advanced(by: attack.durationMilliseconds + attack.stepMilliseconds)
        let calm = after.schedule(for: story.config)
        let encoder = EventEncoder(config: story.config)
        let calmLines = calm.events().map { encoder.line(for: $0, accounts: calm.accounts) }
        return (Self(lines: story.lines + calmLines, speed: speed), story.configYAML)
    }

    /// `simulated`.
    public var name: String { "simulated" }

    /// Each line waits until its event time, scaled down by ``speed``, has come since the first paced one; before
    /// the run has caught up with the journal it resumed, lines come at once.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        let clock = ContinuousClock()
        var origin: (wall: ContinuousClock.Instant, event: Int64)?
        var caughtUp = false
        // One buffer lends every line for the call.
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: lines.map(\.utf8.count).max() ?? 0)
        defer { buffer.deallocate() }
        for line in lines {
            try Task.checkCancellation()
            if caughtUp, let time = Self.eventTime(line) {
                let start = origin ?? (clock.now, time)
                origin = start
                let due = start.wall + .milliseconds(Int64(Double(time - start.event) / speed))
                if due > clock.now { try await clock.sleep(until: due) }
            }
            let count = buffer.initialize(fromContentsOf: line.utf8)
            caughtUp = try await body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The `ts` of a line the simulator wrote (milliseconds, right after `"ts":`).
    private static func eventTime(_ line: String) -> Int64? {
        guard let range = line.range(of: #""ts":"#) else { return nil }
        return Int64(line[range.upperBound...].prefix { $0.isNumber || $0 == "-" })
    }
}
