import BreakwaterCore
import Foundation
import Testing

@testable import BreakwaterFormats

/// JSON Lines is RFC 8259 JSON: both readers refuse what is not, name the field at fault, and agree on every case
/// (regressions for #22: lenient JSON, repeated keys, type checks the fast path skipped, integers out of range).
@Suite struct StrictLineTests {
    let config = DefaultProtocol.config()

    /// Both readers' verdict on one line, which must be the same.
    func verdict(_ bytes: [UInt8]) -> Result<Event, StreamError> {
        var fast = EventDecoder(config: config)
        var reference = ReferenceEventDecoder(config: config)
        let fastResult = Result { () throws(StreamError) in try fast.decode(bytes, number: 1) }
        let referenceResult = Result { () throws(StreamError) in try reference.decode(bytes, number: 1) }
        #expect(fastResult == referenceResult, "\(String(decoding: bytes, as: UTF8.self))")
        return referenceResult
    }

    func error(_ line: String) -> StreamError? { error(Array(line.utf8)) }

    func error(_ bytes: [UInt8]) -> StreamError? {
        if case .failure(let error) = verdict(bytes) { return error }
        return nil
    }

    @Test(arguments: [
        (#"{"ts":1,"kind":"tick","by":5}"#, "by", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","action":5}"#, "action", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","domain":true}"#, "domain", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","module":1}"#, "module", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","incident":2}"#, "incident", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","text":3}"#, "text", "expected a JSON string"),
        (#"{"ts":1,"kind":"tick","nonce":"1"}"#, "nonce", "expected an integer"),
        (#"{"ts":1,"kind":"tick","proposal":"1"}"#, "proposal", "expected an integer"),
        (
            #"{"ts":1,"kind":"tick","expires_at":true}"#, "expires_at",
            "expected integer milliseconds since the epoch or an RFC 3339 string"
        ),
    ])
    func everyKnownKeyIsTypeCheckedOnEveryLine(line: String, field: String, message: String) {
        let error = error(line)
        #expect(error?.field == field)
        #expect(error?.message == message)
        // The same line with an escaped unknown key goes to the reference reader: the same verdict.
        let escaped = line.replacingOccurrences(of: "{", with: #"{"zz":"\u0041","#)
        #expect(self.error(escaped) == error)
    }

    @Test(arguments: [
        (#"{"ts":1,"kind":"tick","proposal":-1}"#, "proposal", "expected an integer from 0 to 18446744073709551615"),
        (
            #"{"ts":1,"kind":"tick","nonce":18446744073709551616}"#, "nonce",
            "expected an integer from 0 to 18446744073709551615"
        ),
        (
            #"{"ts":1,"kind":"tick","block":9223372036854775808}"#, "block",
            "expected an integer from -9223372036854775808 to 9223372036854775807"
        ),
        (
            #"{"ts":1,"kind":"tick","log_index":-9223372036854775809}"#, "log_index",
            "expected an integer from -9223372036854775808 to 9223372036854775807"
        ),
        (
            #"{"ts":92233720368547758070,"kind":"tick"}"#, "ts",
            "expected integer milliseconds from -9223372036854775808 to 9223372036854775807 or an RFC 3339 string"
        ),
        (#"{"ts":1.0,"kind":"tick"}"#, "ts", "expected integer milliseconds since the epoch or an RFC 3339 string"),
        (#"{"ts":1e3,"kind":"tick"}"#, "ts", "expected integer milliseconds since the epoch or an RFC 3339 string"),
        (#"{"ts":1,"kind":"tick","block":2E1}"#, "block", "expected an integer"),
    ])
    func integersOutOfRangeNameTheFieldAndTheRange(line: String, field: String, message: String) {
        let error = error(line)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }

    @Test func integersAtTheEdgesOfTheirRangesAreRead() throws {
        let event = try verdict(
            Array(
                #"{"ts":1,"kind":"tick","block":9223372036854775807,"log_index":-9223372036854775808,"nonce":18446744073709551615}"#
                    .utf8
            )
        ).get()
        #expect(event.provenance?.block == .max)
        #expect(event.provenance?.logIndex == .min)
        #expect(
            (try? verdict(Array(#"{"ts":-0,"kind":"tick","proposal":-0}"#.utf8)).get())?.timestamp.milliseconds == 0
        )
    }

    @Test(arguments: [
        (#"{"ts":1,"kind":"tick",}"#, "malformed JSON: expected a key, found '}' at byte 23"),
        (#"{"ts":01,"kind":"tick"}"#, "malformed JSON: expected ',' or '}', found '1' at byte 8"),
        (#"{"ts":1,"kind":"tick","zz":1+4}"#, "malformed JSON: expected ',' or '}', found '+' at byte 29"),
        (#"{"ts":1,"kind":"tick","zz":[1,]}"#, "malformed JSON: expected a value, found ']' at byte 31"),
        (#"{"ts":1,"kind":"tick","zz":.5}"#, "malformed JSON: expected a value, found '.' at byte 28"),
        (#"{"ts":1,"kind":"tick","zz":1.}"#, "malformed JSON: expected a digit, found '}' at byte 30"),
        (#"{"ts":1,"kind":"tick","zz":NaN}"#, "malformed JSON: expected a value, found 'N' at byte 28"),
        (#"{"ts":1,"kind":"tick","zz":"\x"}"#, "malformed JSON: invalid escape at byte 30"),
        (#"{"ts":1,"kind":"tick","zz":"\ud800"}"#, "malformed JSON: half a surrogate pair at byte 29"),
        (#"{"ts":1,"kind":"tick","zz":"\udc00\ud800"}"#, "malformed JSON: half a surrogate pair at byte 29"),
        (#"{"ts":1,"kind":"tick"} x"#, "malformed JSON: expected the end of the line, found 'x' at byte 24"),
        (#"{"ts":1,"kind":"tick""#, "malformed JSON: expected ',' or '}', found the end of the line at byte 22"),
    ])
    func lenientJSONIsRefused(line: String, message: String) {
        let error = error(line)
        #expect(error?.code == .malformedJSON)
        #expect(error?.message == message)
    }

    @Test func invalidUTF8AndRawControlCharactersAreRefusedInsideValues() {
        let head = Array(#"{"ts":1,"kind":"tick","account":"a"#.utf8)
        let tail = Array(#""}"#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let error = error(head + bad + tail)
            #expect(error?.message == "malformed JSON: invalid UTF-8 at byte \(head.count + 1)")
            #expect(error?.field == "account")
        }
        for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
            let error = error(head + [control] + tail)
            #expect(error?.message.hasPrefix("malformed JSON: control character U+00") == true)
            #expect(error?.field == "account")
        }
        // Valid UTF-8 of every length, and escapes, are read.
        let text = #"{"ts":1,"kind":"tick","account":"é€😀\u00e9\ud83d\ude00\n"}"#
        #expect((try? verdict(Array(text.utf8)).get()) != nil)
    }

    @Test func aRepeatedKeyIsABadLineNamingTheKey() {
        #expect(
            error(#"{"ts":1,"kind":"tick","kind":"tick"}"#)
                == StreamError(.malformedJSON, line: 1, field: "kind", message: "repeated key")
        )
        #expect(error(#"{"ts":1,"kind":"tick","zz":1,"zz":1}"#)?.field == "zz")
        #expect(error(#"{"ts":1,"kind":"tick","\u006bind":"tick"}"#)?.field == "kind")
        #expect(error(#"{"ts":1,"kind":"tick","x":{"a":1,"a":2}}"#)?.field == "x.a")
        #expect(error(#"{"ts":1,"kind":"tick","signatures":[{"key":"a","key":"b"}]}"#)?.field == "signatures[0].key")
        #expect(error(#"{"ts":1,"kind":"tick","x":{"a":1},"y":{"a":1}}"#) == nil)
    }

    @Test func nestingIsBoundedAt64() {
        func nested(_ depth: Int) -> String {
            // The line's object is depth 1; `x` holds depth - 1 more arrays.
            #"{"ts":1,"kind":"tick","x":"# + String(repeating: "[", count: depth - 1)
                + String(repeating: "]", count: depth - 1) + "}"
        }
        #expect(error(nested(64)) == nil)
        let error = error(nested(65))
        #expect(error == StreamError(.overLimit, line: 1, field: "x", message: "nested deeper than 64"))
        // Far deeper fails the same way, without recursing that deep.
        #expect(self.error(nested(100_000))?.message == "nested deeper than 64")
    }

    @Test func aLineLongerThanTheLimitIsABadLine() {
        var config = config
        config.stream.maxLineBytes = 1024
        let prefix = #"{"ts":1,"kind":"tick","x":""#
        let fits = prefix + String(repeating: "a", count: 1024 - prefix.utf8.count - 2) + #""}"#
        var fast = EventDecoder(config: config)
        #expect(fits.utf8.count == 1024)
        #expect((try? fast.decode(Array(fits.utf8), number: 1)) != nil)
        let long = Array((prefix + String(repeating: "a", count: 1024 - prefix.utf8.count - 1) + #""}"#).utf8)
        #expect(
            throws: StreamError(
                .overLimit,
                line: 2,
                field: nil,
                message: "longer than 1024 bytes (stream.max_line_bytes)"
            )
        ) {
            try fast.decode(long, number: 2)
        }
    }
}
