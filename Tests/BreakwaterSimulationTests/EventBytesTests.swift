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
        let events = (0..<30_000).compactMap { _ in stream.next() }
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

    /// The optional fields the generated markets leave out or always set, and names that need escaping.
    @Test func optionalFieldsAndEscapedNamesAreWrittenAsTheirLines() {
        var accounts = AccountDirectory()
        let quoted = accounts.intern("a \"quoted\" \\ name é🦀")
        let plain = accounts.intern("keeper")
        let time = Timestamp(milliseconds: -5)
        let events: [Event] = [
            Event(
                timestamp: time,
                payload: .oracle(OracleUpdate(feed: FeedID(0), asset: AssetID(1), price: Wad(raw: 1)))
            ),
            Event(
                timestamp: time,
                payload: .trade(Trade(market: MarketID(0), account: quoted, size: Wad(-3), limitPrice: Wad(1_250)))
            ),
            Event(
                timestamp: time,
                payload: .liquidate(
                    Liquidation(account: quoted, pool: PoolID(1), liquidator: plain, market: MarketID(2))
                )
            ),
            Event(timestamp: time, payload: .liquidate(Liquidation(account: plain, pool: PoolID(0)))),
            Event(
                timestamp: time,
                payload: .withdraw(
                    AssetMovement(pool: PoolID(0), account: quoted, asset: AssetID(0), amount: Wad(raw: .max))
                )
            ),
            Event(timestamp: time, payload: .tick),
        ]
        Self.expectSameBytes(events, accounts: accounts)
    }
}
