import BreakwaterCore
import BreakwaterFormats
import Testing

/// Errors carry a code by kind of fault; a line read under rules (a posted line) is refused for what the rules
/// forbid before anything is interned, and otherwise read exactly as the stream reads it.
@Suite struct LineRulesTests {
    let config = DefaultProtocol.config()
    static let rules = LineRules(fields: [
        "queue": ["kind", "ts", "proposal"], "withdraw": ["kind", "ts", "pool", "account", "asset", "amount"],
    ])

    func refusal(_ line: String, rules: LineRules? = nil) -> StreamError? {
        var decoder = EventDecoder(config: config)
        do {
            if let rules {
                _ = try decoder.decode(Array(line.utf8), number: 1, stampedAt: 5, rules: rules)
            } else {
                _ = try decoder.decode(Array(line.utf8), number: 1)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func errorsAreCodedByTheirKindOfFault() {
        let cases: [(String, StreamError.Code)] = [
            ("not json", .malformedJSON),
            ("[1]", .malformedJSON),
            (#"{"ts":"x","kind":"tick"}"#, .invalidValue),
            (#"{"ts":1,"kind":"tick","block":"7"}"#, .wrongType),
            (#"{"ts":1,"kind":"withdraw","pool":"main","asset":"USDC","amount":"1"}"#, .missingField),
            (#"{"ts":1,"kind":"withdraw","pool":"moon","account":"a","asset":"USDC","amount":"1"}"#, .unknownName),
            (#"{"ts":1,"kind":"withdraw","pool":"main","account":"a","asset":"USDC","amount":"1.2.3"}"#, .invalidValue),
            (#"{"ts":1,"kind":"teleport"}"#, .unknownName),
        ]
        for (line, code) in cases {
            #expect(refusal(line)?.code == code, "\(line): \(refusal(line).map(String.init(describing:)) ?? "read")")
        }
        var decoder = EventDecoder(config: config)
        _ = try? decoder.decode(Array(#"{"ts":10,"kind":"tick"}"#.utf8), number: 1)
        #expect(throws: StreamError.self) { try decoder.decode(Array(#"{"ts":9,"kind":"tick"}"#.utf8), number: 2) }
        #expect((try? decoder.decode(Array(#"{"ts":9,"kind":"tick"}"#.utf8), number: 2)) == nil)
    }

    @Test func aLineIsReadUnderRulesOrRefusedForWhatTheyForbid() throws {
        #expect(refusal(#"{"kind":"queue","proposal":1}"#, rules: Self.rules) == nil)
        let refused: [(String, String, String)] = [
            (#"{"kind":"tick"}"#, "kind", "must be one of queue, withdraw"),
            (#"{"proposal":1}"#, "kind", "must be one of queue, withdraw"),
            (#"{"kind":"queue","proposal":1,"price":"1"}"#, "price", "not a field of a queue line"),
            (#"{"kind":"queue","proposal":null}"#, "proposal", "null is not a value; leave the field out"),
        ]
        for (line, field, message) in refused {
            let error = try #require(refusal(line, rules: Self.rules), "\(line)")
            #expect(error.code == .notAllowed && error.field == field && error.message == message)
        }
        // Past the rules, the stream's own errors.
        #expect(refusal(#"{"kind":"queue","proposal":"one"}"#, rules: Self.rules)?.code == .wrongType)
    }

    @Test func aRefusedLineInternsNoAccount() throws {
        var decoder = EventDecoder(config: config)
        let refused = #"{"kind":"withdraw","pool":"main","account":"mallory","asset":"USDC","amount":"1","memo":"x"}"#
        #expect(throws: StreamError.self) {
            try decoder.decode(Array(refused.utf8), number: 1, stampedAt: 5, rules: Self.rules)
        }
        #expect(decoder.accounts.names.isEmpty && decoder.lastTimestamp == nil)
        let taken = #"{"kind":"withdraw","pool":"main","account":"alice","asset":"USDC","amount":"1","ts":99}"#
        let event = try decoder.decode(Array(taken.utf8), number: 2, stampedAt: 5, rules: Self.rules)
        #expect(event.timestamp.milliseconds == 5, "stamped with the service's time, whatever its ts")
        #expect(decoder.accounts.names == ["alice"])
    }
}
