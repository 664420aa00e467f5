import BreakwaterCore
import BreakwaterFormats
import Foundation
import Testing

@Suite struct EventDecoderTests {
    let config = DefaultProtocol.config()

    func decode(_ lines: [String]) -> [Result<Event, StreamError>] {
        var decoder = EventDecoder(config: config)
        return lines.enumerated().map { index, line in
            Result { () throws(StreamError) in try decoder.decode(Array(line.utf8), number: index + 1) }
        }
    }

    func error(_ line: String) -> StreamError? {
        if case .failure(let error) = decode([line])[0] { return error }
        return nil
    }

    @Test func decodesEveryKind() throws {
        let lines = [
            #"{"ts":1,"kind":"oracle","feed":"pyth-eth","asset":"ETH","price":"1300.5","confidence":"0.5","publish_ts":0}"#,
            #"{"ts":1,"kind":"oracle","feed":"pyth-mngo","market":"MNGO-PERP","price":"0.038"}"#,
            #"{"ts":2,"kind":"deposit","pool":"main","account":"alice","asset":"USDC","amount":"100"}"#,
            #"{"ts":3,"kind":"withdraw","pool":"main","account":"alice","asset":"USDC","amount":"1"}"#,
            #"{"ts":4,"kind":"trade","market":"ETH-PERP","account":"alice","size":"-0.5","price":"1200"}"#,
            #"{"ts":5,"kind":"liquidate","pool":"main","account":"alice","liquidator":"bob","market":"ETH-PERP"}"#,
            #"{"ts":6,"kind":"funding","market":"ETH-PERP"}"#,
            #"{"ts":7,"kind":"lp_add","pool":"alts","account":"lp","asset":"USDC","amount":"10"}"#,
            #"{"ts":8,"kind":"lp_remove","pool":"alts","account":"lp","asset":"USDC","amount":"10"}"#,
            #"{"ts":9,"kind":"tick","block":17,"tx":"0xabc","log_index":3,"extra":"ignored"}"#,
            #"{"ts":"2022-10-11T22:00:00.250Z","kind":"transfer","account":"alice","asset":"USDC","amount":"1","from_pool":"main","to_pool":"alts"}"#,
        ]
        let events = try decode(lines).map { try $0.get() }
        #expect(
            events.map(\.kind) == [
                .oracle, .oracle, .deposit, .withdraw, .trade, .liquidate, .funding, .lpAdd, .lpRemove, .tick,
                .transfer,
            ]
        )
        #expect(
            events[1].payload
                == .oracle(
                    OracleUpdate(
                        feed: config.feedID(named: "pyth-mngo")!,
                        asset: config.assetID(named: "MNGO")!,
                        price: try Wad(parsing: "0.038")
                    )
                )
        )
        #expect(events[9].provenance == Event.Provenance(block: 17, transaction: "0xabc", logIndex: 3))
        #expect(events[10].timestamp.milliseconds == 1_665_525_600_250)
    }

    @Test func aJSONNumberInADecimalFieldNamesTheField() {
        let error = error(#"{"ts":1,"kind":"deposit","pool":"main","account":"a","asset":"USDC","amount":100}"#)
        #expect(error?.line == 1)
        #expect(error?.field == "amount")
        #expect(error?.message.contains("string") == true)
    }

    @Test(arguments: [
        (#"{"ts":1,"kind":"mint"}"#, "kind"),
        (#"{"ts":1,"kind":"deposit","pool":"nowhere","account":"a","asset":"USDC","amount":"1"}"#, "pool"),
        (#"{"ts":1,"kind":"deposit","pool":"main","account":"a","asset":"DOGE","amount":"1"}"#, "asset"),
        (#"{"ts":1,"kind":"trade","market":"SOL-PERP","account":"a","size":"1"}"#, "market"),
        (#"{"ts":1,"kind":"trade","market":"ETH-PERP","account":"a"}"#, "size"),
        (#"{"ts":1,"kind":"trade","market":"ETH-PERP","account":"a","size":"1.2.3"}"#, "size"),
        (#"{"ts":1,"kind":"oracle","feed":"pyth-eth","asset":"BTC","price":"1"}"#, "asset"),
        (#"{"kind":"tick"}"#, "ts"),
        (#"{"ts":"yesterday","kind":"tick"}"#, "ts"),
        (#"{"ts":1,"kind":"deposit","pool":"main","account":"","asset":"USDC","amount":"1"}"#, "account"),
        (
            #"{"ts":1,"kind":"deposit","pool":"main","account":"a","asset":"USDC","amount":"0.0000000000000000001"}"#,
            "amount"
        ),
    ])
    func badFieldsAreNamed(line: String, field: String) {
        #expect(error(line)?.field == field)
    }

    @Test func malformedJSONNamesTheLine() {
        let results = decode([#"{"ts":1,"kind":"tick"}"#, "{not json", "[1,2]", #"{"ts":2,"kind":"tick"}"#])
        guard case .failure(let error) = results[1] else {
            Issue.record("expected an error")
            return
        }
        #expect(error.line == 2)
        #expect(error.field == nil)
        if case .success = results[2] { Issue.record("an array is not an event") }
        // The stream goes on after a bad line.
        if case .failure = results[3] { Issue.record("line 4 is valid") }
    }

    @Test func decreasingTimestampsAreErrorsButEqualOnesAreNot() {
        let results = decode([
            #"{"ts":5,"kind":"tick"}"#, #"{"ts":5,"kind":"tick"}"#, #"{"ts":4,"kind":"tick"}"#,
            #"{"ts":6,"kind":"tick"}"#,
        ])
        if case .failure(let error) = results[2] {
            #expect(error.field == "ts")
            #expect(error.line == 3)
        } else {
            Issue.record("a decreasing timestamp must be an error")
        }
        #expect(results.filter { if case .success = $0 { true } else { false } }.count == 3)
    }

    @Test func encodedEventsDecodeToTheSameEvents() throws {
        var decoder = EventDecoder(config: config)
        let lines = [
            #"{"ts":1,"kind":"oracle","feed":"pyth-eth","asset":"ETH","price":"1300.123456789012345678","publish_ts":0}"#,
            #"{"ts":2,"kind":"trade","market":"ETH-PERP","account":"alice/1","size":"-0.5","price":"1200"}"#,
            #"{"ts":3,"kind":"liquidate","pool":"main","account":"al\"ice","liquidator":"bob"}"#,
        ]
        let events = try lines.enumerated().map { try decoder.decode(Array($1.utf8), number: $0 + 1) }
        let encoder = EventEncoder(config: config)
        var again = EventDecoder(config: config)
        for (index, event) in events.enumerated() {
            let line = encoder.line(for: event, accounts: decoder.accounts)
            #expect(try again.decode(Array(line.utf8), number: index + 1) == event)
        }
    }

    /// Signed governance lines read to their events and write back to lines that read the same; a bad key or
    /// signature names its field.
    @Test func signedGovernanceLinesReadAndWriteBack() throws {
        let key = "ed25519:" + String(repeating: "ab", count: 32)
        let signature = String(repeating: "0c", count: 64)
        let lines = [
            #"{"ts":1,"kind":"signed_action","domain":"d","role":"guardian","action":"freeze_account","account":"mallory","pool":"main","parameters":{"note":"x"},"nonce":7,"expires_at":"2023-11-14T22:13:20Z","signatures":[{"key":"\#(key)","signature":"\#(signature)"}]}"#,
            #"{"ts":2,"kind":"vote","domain":"d","proposal":3,"support":"abstain","key":"\#(key)","signature":"\#(signature)"}"#,
            #"{"ts":3,"kind":"queue","proposal":3}"#,
            #"{"ts":4,"kind":"execute","proposal":3}"#,
        ]
        var decoder = EventDecoder(config: config)
        let events = try lines.enumerated().map { try decoder.decode(Array($1.utf8), number: $0 + 1) }
        guard case .signedAction(let signed) = events[0].payload else {
            Issue.record("not a signed action")
            return
        }
        #expect(
            signed.signed.action
                == GovernedAction(
                    kind: .freezeAccount,
                    scope: .init(pool: "main", account: "mallory"),
                    parameters: ["note": "x"]
                )
        )
        #expect(signed.signed.expiresAt == 1_700_000_000_000)
        #expect(signed.signed.signatures.first?.publicKey == Array(repeating: 0xab, count: 32))
        #expect(signed.account == decoder.accounts.id(of: "mallory"))
        #expect(
            events[1].payload
                == .vote(
                    SignedVote(
                        domain: "d",
                        proposal: 3,
                        support: .abstain,
                        voter: Array(repeating: 0xab, count: 32),
                        signature: Array(repeating: 0x0c, count: 64)
                    )
                )
        )
        #expect(events[2].payload == .queue(proposal: 3) && events[3].payload == .execute(proposal: 3))
        let encoder = EventEncoder(config: config)
        var again = EventDecoder(config: config)
        for (index, event) in events.enumerated() {
            #expect(
                try again.decode(Array(encoder.line(for: event, accounts: decoder.accounts).utf8), number: index + 1)
                    == event
            )
        }
        #expect(error(lines[1].replacingOccurrences(of: key, with: "ed25519:00"))?.field == "key")
        #expect(error(lines[0].replacingOccurrences(of: signature, with: "0c"))?.field == "signatures[0].signature")
        #expect(error(lines[0].replacingOccurrences(of: "guardian", with: "king"))?.field == "role")
        #expect(error(#"{"ts":3,"kind":"queue"}"#)?.field == "proposal")
        // Regression (found by schemathesis on the service): a signed action without `signatures`, which
        // docs/events.md requires, was read as one with none.
        let unsigned = lines[0].replacingOccurrences(
            of: #","signatures":[{"key":"\#(key)","signature":"\#(signature)"}]"#,
            with: ""
        )
        #expect(error(unsigned)?.field == "signatures" && error(unsigned)?.message == "missing required field")
    }

    /// Regression: names on a line refused for its timestamp were interned, shifting later account ids.
    @Test func aRefusedLineInternsNoAccount() throws {
        var decoder = EventDecoder(config: config)
        _ = try decoder.decode(Array(#"{"ts":5,"kind":"tick"}"#.utf8), number: 1)
        let stale = #"{"ts":4,"kind":"deposit","pool":"main","account":"ghost","asset":"USDC","amount":"1"}"#
        #expect(throws: StreamError.self) { try decoder.decode(Array(stale.utf8), number: 2) }
        #expect(decoder.accounts.id(of: "ghost") == nil)
    }

    /// Regression: every non-string value got the decimals hint, and a non-object line printed a Swift type.
    @Test func typeErrorsSayWhatWasExpected() {
        #expect(error(#"{"ts":1,"kind":7}"#)?.message == "expected a JSON string")
        #expect(error(#"{"ts":1,"kind":"tick","block":"17"}"#)?.message == "expected an integer")
        #expect(
            error(#"{"ts":1,"kind":"trade","market":"ETH-PERP","account":"a","size":1}"#)?.message.contains("decimal")
                == true
        )
        #expect(error("[1,2]")?.message == "a line must be one JSON object")
    }
}
