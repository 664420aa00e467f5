import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BreakwaterServer

/// Lines from outside the source: signed governance actions posted to the API, operators' notes behind their
/// bearer token, the service's own notes, and the inbox that puts them back in place when the journal resumes.
@Suite struct SubmissionTests {
    /// The demo's guardian keys (their seeds are public: `breakwater demo guardian-N`).
    static func guardian(_ number: Int) throws -> SigningKey {
        var seed = Array("breakwater demo guardian-\(number)".utf8.prefix(32))
        seed += Array(repeating: 0, count: 32 - seed.count)
        return try SigningKey(seed: seed)
    }

    /// A guardian `pause` of the `alts` pool signed by `signers` of the demo's guardians, without `ts`.
    static func pauseLine(signers: [Int], nonce: UInt64, expiresAt: Int64) throws -> String {
        var action = SignedAction(
            domain: DemoGovernance.domain,
            role: .guardian,
            action: GovernedAction(kind: .pause, scope: .init(pool: "alts")),
            nonce: nonce,
            expiresAt: expiresAt
        )
        for signer in signers { action = try guardian(signer).signing(action) }
        let signatures = action.signatures.map {
            #"{"key":"\#(PublicKeyText.text($0.publicKey))","signature":"\#(Hex.encode($0.signature))"}"#
        }
        return
            #"{"kind":"signed_action","domain":"\#(DemoGovernance.domain)","role":"guardian","action":"pause","pool":"alts","nonce":\#(nonce),"expires_at":\#(expiresAt),"signatures":[\#(signatures.joined(separator: ","))]}"#
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func aSignedActionIsDecidedLikeAnyEventAndABadOneRefused() async throws {
        let (live, lines) = try await LiveRoutesTests.fedServer(finished: false)
        let now = await live.pipeline.eventTime
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            let good = try Self.pauseLine(signers: [1, 2], nonce: 9_001, expiresAt: now + 600_000)
            try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: good)) {
                response in
                let body = try Self.json(response.body)
                #expect(response.status == .ok && body["accepted"] as? Bool == true, "\(body)")
                #expect(body["line"] as? Int == lines + 1, "the next line of the service's stream")
                let actions = try #require(body["actions"] as? [[String: Any]])
                #expect(actions.contains { $0["action"] as? String == "pause" && $0["by"] as? String == "guardian" })
            }
            // One signature is below the guardians' threshold of two: decided and refused, with the code.
            let weak = try Self.pauseLine(signers: [3], nonce: 9_002, expiresAt: now + 600_000)
            try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: weak)) {
                response in
                let body = try Self.json(response.body)
                #expect(response.status == .ok && body["accepted"] as? Bool == false)
                #expect(body["code"] as? String == "below_threshold", "\(body)")
            }
            // The same nonce again is a replay.
            try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: good)) {
                response in
                let body = try Self.json(response.body)
                #expect(body["code"] as? String == "replayed_nonce")
            }
            try await client.execute(uri: "/api/governance", method: .get) { response in
                let governance = try Self.json(response.body)
                #expect(
                    governance["nonces_used"] as? Int ?? 0 >= 1
                        && (governance["pauses"] as? [[String: Any]])?.contains {
                            $0["scope"] as? String == "pool alts"
                        } == true
                )
            }
        }
    }

    @Test func whatIsNotASignedEventIsRefusedBeforeTheEngine() async throws {
        let (live, lines) = try await LiveRoutesTests.fedServer(finished: false)
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            let refused: [(String, String)] = [
                ("not json", "must be one JSON object"),
                (#"{"kind":"governance","action":"unpause","pool":"main"}"#, "kind: must be one of"),
                (
                    #"{"kind":"withdraw","pool":"main","account":"a","asset":"USDC","amount":"1"}"#,
                    "kind: must be one of"
                ),
                (#"{"kind":"vote","proposal":1}"#, "missing required field"),
                (#"{"kind":"queue","proposal":1,"price":"1"}"#, "price: not a field of a queue line"),
            ]
            for (body, message) in refused {
                try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: body))
                { response in
                    #expect(response.status == .badRequest)
                    let error = try Self.json(response.body)["error"] as? String ?? ""
                    #expect(error.contains(message), "\(body): \(error)")
                }
            }
            // A posted ts does not move the engine's clock (it would lift timelocks and time-limited restrictions):
            // the line is decided at the engine's time.
            let before = await live.pipeline.eventTime
            let future = "{\"kind\":\"queue\",\n \"proposal\":1, \"ts\":\(before + 86_400_000)}\n"
            try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: future)) {
                response in
                #expect(response.status == .ok)
            }
            #expect(await live.pipeline.eventTime == before)
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: LiveRoutes.maximumBody + 1)
            try await client.execute(uri: "/api/governance/actions", method: .post, body: huge) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/governance/actions", method: .get) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "POST")
            }
        }
        #expect(await live.pipeline.linesRead == lines + 1, "nothing refused here reached the engine")
    }

    /// A stopping service refuses every line with 503, but a line it could not read anyway is still said to be bad
    /// (400), as before the pipeline read posted lines once.
    @Test func aStoppingServiceSaysABadLineIsBadFirst() async throws {
        let (live, _) = try await LiveRoutesTests.fedServer(finished: true)
        let now = await live.pipeline.eventTime
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/governance/actions",
                method: .post,
                body: ByteBuffer(string: "not json")
            ) { response in
                #expect(response.status == .badRequest)
            }
            let good = try Self.pauseLine(signers: [1, 2], nonce: 9_100, expiresAt: now + 600_000)
            try await client.execute(uri: "/api/governance/actions", method: .post, body: ByteBuffer(string: good)) {
                response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test func operatorsAcknowledgeAndCommentWithTheirToken() async throws {
        let (live, _) = try await LiveRoutesTests.fedServer(finished: false)
        let operators = OperatorTokens([("alice", "s3cret-alice"), ("bob", "s3cret-bob")])
        let app = Application(router: LiveRoutes.router(live, operators: operators))
        try await app.test(.router) { client in
            let ack = "/api/incidents/INC-0001/ack"
            try await client.execute(uri: ack, method: .post) { response in
                #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate] != nil)
            }
            try await client.execute(uri: ack, method: .post, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
                #expect(!String(buffer: response.body).contains("s3cret"), "no token in a response")
            }
            try await client.execute(
                uri: "/api/incidents/INC-9999/ack",
                method: .post,
                headers: [.authorization: "Bearer s3cret-bob"]
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: ack,
                method: .post,
                headers: [.authorization: "bearer s3cret-bob"],
                body: ByteBuffer(string: #"{"text":"on it"}"#)
            ) { response in
                let body = try Self.json(response.body)
                #expect(
                    response.status == .ok
                        && (body["incidents"] as? [[String: Any]])?.first?["step"] as? String == "acknowledged"
                )
            }
            let notes = "/api/incidents/INC-0001/notes"
            try await client.execute(
                uri: notes,
                method: .post,
                headers: [.authorization: "Bearer s3cret-alice"],
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .badRequest, "a comment needs its text")
            }
            try await client.execute(
                uri: notes,
                method: .post,
                headers: [.authorization: "Bearer s3cret-alice"],
                body: ByteBuffer(string: #"{"text":"attacker funded from 0xabc"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/incidents/INC-0001", method: .get) { response in
                let incident = try Self.json(response.body)
                #expect(incident["acknowledged_by"] as? String == "bob" && incident["acknowledged_at"] is Int)
                let kept = try #require(incident["notes"] as? [[String: Any]])
                #expect(
                    kept.map { $0["by"] as? String } == ["bob", "alice"]
                        && kept.map { $0["action"] as? String } == ["acknowledge", "comment"]
                )
            }
        }
        let off = Application(router: LiveRoutes.router(live))
        try await off.test(.router) { client in
            try await client.execute(
                uri: "/api/incidents/INC-0001/ack",
                method: .post,
                headers: [.authorization: "Bearer s3cret-bob"]
            ) { response in
                #expect(response.status == .forbidden, "without operators in the config, operator actions are off")
            }
        }
    }
}

/// The budget of open posts: a burst of ten times the rate, then refusals until time refills it.
@Suite struct PostBudgetTests {
    @Test func aBurstIsTakenAndThenRefused() {
        let budget = PostBudget(perSecond: 2)
        let taken = (0..<25).filter { _ in budget.take() }.count
        #expect(taken == 20, "a burst of ten times two; the microseconds the loop takes refill nothing whole")
    }
}

/// The body of an operator's note: no bytes is no text, anything else is one JSON object.
@Suite struct NoteBodyTests {
    @Test func noBytesIsNoTextButWhitespaceIsMalformed() throws {
        #expect(try LiveRoutes.noteText([], required: false) == "")
        #expect(try LiveRoutes.noteText(Array(#" {"text":"seen"} "#.utf8), required: true) == "seen")
        // Regression: the API fuzzer posted " \n" to `/ack` and it was taken as an empty body.
        for body in [" \n", "\n", "\t", "null", "[]"] {
            #expect(throws: LiveRoutes.Problem.self, "\(body.debugDescription) is not a JSON object") {
                try LiveRoutes.noteText(Array(body.utf8), required: false)
            }
        }
    }
}
