import BreakwaterCore
import BreakwaterFormats
import Testing

@testable import BreakwaterPipeline

/// The status page's past: one sample per minute of event time, the last six hours of them at most.
@Suite struct StatusHistoryTests {
    @Test func aSampleAMinuteAndNoMoreThanSixHours() throws {
        let config = DefaultProtocol.config()
        var replay = Replay(config: config, configYAML: DefaultProtocol.yaml)
        var history = StatusHistory()
        // Three events a minute for seven hours.
        let start: Int64 = 1_700_000_040_000  // on a minute
        for step in 0..<(7 * 60 * 3) {
            let time = start + Int64(step) * 20_000
            let event = Event(timestamp: Timestamp(milliseconds: time), payload: .tick)
            _ = replay.apply(event, accounts: replay.decoder.accounts)
            history.observe(replay, at: time)
        }
        let document = history.document(config: config)
        #expect(document.times.count == StatusHistory.capacity && history.version == 7 * 60)
        #expect(document.times.first == start + 60 * 60_000, "the first hour fell out")
        #expect(document.times.last == start + (7 * 60 - 1) * 60_000)
        #expect(zip(document.times, document.times.dropFirst()).allSatisfy { $1 - $0 == 60_000 })
        #expect(document.prices.count == config.markets.count && document.prices.values.allSatisfy { $0.count == 360 })
        #expect(document.badDebt.values.allSatisfy { $0.allSatisfy { $0 == "0" } } && document.outflows.isEmpty)
    }
}
