import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation
import Testing

/// The simulator's byte path writes every event exactly as `EventEncoder.line(for:accounts:)` does.
@Suite struct EventBytesTests {
    static let config = DefaultProtocol.config()

    static func expectSameBytes(_ events: some Sequence<Event>, accounts: AccountDirectory) {
        let encoder = EventEncoder(config: config)
        var kinds = Set<Event.Kind>()
        for event in events {
            var bytes: [UInt8] = []
            encoder.write(event, accounts: accounts, into: &bytes)
            let line = encoder.line(for: event, accounts: accounts) + "\n"
            if bytes != Array(line.utf8) {
                Issue.record("\(String(decoding: bytes, as: UTF8.self)) is not \(line)")
                return
            }
            kinds.insert(event.kind)
        }
        #expect(kinds.count >= 5)
    }

    /// The mixed stream has every kind of market event, option events and funding included.
    @Test func theMixedStreamIsWrittenAsItsLines() {
        var stream = MixedStream(config: Self.config, seed: 9, traders: 50)
        let events = (0 ..< 30_000).compactMap { _ in stream.next() }
        Self.expectSameBytes(events, accounts: stream.accounts)
    }

    /// The attack library adds events in a block (with provenance) and liquidations naming their liquidator.
    @Test(arguments: MangoScenario.Attack.allCases)
    func eachScenarioIsWrittenAsItsLines(attack: MangoScenario.Attack) {
        var scenario = MangoScenario(seed: 5)
        scenario.attack = attack
        let schedule = scenario.schedule(for: Self.config)
        Self.expectSameBytes(schedule.events(), accounts: schedule.accounts)
    }
}
