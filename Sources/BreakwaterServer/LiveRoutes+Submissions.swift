import BreakwaterCore
import BreakwaterForensics
import Foundation
import Hummingbird
import NIOCore

extension LiveRoutes {
    /// The largest request body taken, in bytes: a signed action with many signatures is a few kilobytes.
    public static let maximumBody = 64 * 1024
    /// The event kinds `POST /api/governance/actions` takes: the signed ones. An unsigned `governance` event is
    /// the replay format's and is refused here.
    static let governanceKinds: Set<String> = ["signed_action", "vote", "queue", "execute"]

    /// `POST /api/governance/actions` and the operators' `POST /api/incidents/{id}/ack` and `/notes`.
    static func addSubmissions(to router: Router<BasicRequestContext>, engine: LiveEngine, operators: OperatorTokens) {
        router.post("/api/governance/actions") { request, _ in
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: maximumBody) } catch { return tooLarge() }
            let line: [UInt8]
            switch governanceLine(Array(buffer: body), now: await engine.eventTime) {
            case .success(let bytes): line = bytes
            case .failure(let problem): return problem.response
            }
            return await submit(line, to: engine)
        }
        router.post("/api/incidents/{id}/ack") { request, context in
            try await operatorNote(.acknowledge, request, context, engine: engine, operators: operators)
        }
        router.post("/api/incidents/{id}/notes") { request, context in
            try await operatorNote(.comment, request, context, engine: engine, operators: operators)
        }
    }

    /// An operator's note on an incident: the bearer token names the operator, the body (`{"text": "..."}`, which a
    /// comment needs) says the rest.
    private static func operatorNote(
        _ action: Note.Action,
        _ request: Request,
        _ context: BasicRequestContext,
        engine: LiveEngine,
        operators: OperatorTokens
    ) async throws -> Response {
        guard !operators.isEmpty else {
            return problem(.forbidden, "operator actions are off: the service config names no operator token")
        }
        let authorization = request.headers.first { $0.name.canonicalName == "authorization" }?.value ?? ""
        guard authorization.hasPrefix("Bearer "), let author = operators.name(for: String(authorization.dropFirst(7))) else {
            var response = problem(.unauthorized, "an operator's bearer token is needed: Authorization: Bearer TOKEN")
            response.headers[.wwwAuthenticate] = #"Bearer realm="breakwater""#
            return response
        }
        let id = try context.parameters.require("id")
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: maximumBody) } catch { return tooLarge() }
        let text: String
        do {
            text = try noteText(Array(buffer: body), required: action == .comment)
        } catch {
            return problem(.badRequest, error.message)
        }
        guard await engine.incident(id) != nil else { return problem(.notFound, "no incident \(id)") }
        do {
            return answer(try await engine.take(Note(action: action, author: author, incident: id, text: text)))
        } catch {
            return problem(for: error)
        }
    }

    private static func submit(_ line: [UInt8], to engine: LiveEngine) async -> Response {
        do {
            return answer(try await engine.submit(line))
        } catch {
            return problem(for: error)
        }
    }

    /// 200 with what the engine decided, or 422 with the same body when it refused.
    private static func answer(_ submission: Submission) -> Response {
        var response = json(submission)
        if !submission.accepted { response.status = .unprocessableContent }
        return response
    }

    private static func problem(for error: SubmissionError) -> Response {
        switch error {
        case .unreadable: problem(.badRequest, error.message)
        case .unavailable: problem(.serviceUnavailable, error.message)
        case .storage: problem(.internalServerError, "the inbox could not be written: \(error.message)")
        }
    }

    private static func tooLarge() -> Response {
        problem(.contentTooLarge, "the body is larger than \(maximumBody) bytes")
    }

    /// A 4xx answer not yet made into a response.
    struct Problem: Error {
        var status: HTTPResponse.Status
        var message: String
        var response: Response { LiveRoutes.problem(status, message) }
    }

    /// The posted body as a stream line: one JSON object of a signed kind, stamped with the engine's event time
    /// when it has no `ts` (the signatures do not cover it).
    static func governanceLine(_ body: [UInt8], now: Int64) -> Result<[UInt8], Problem> {
        let head: LineHead
        do {
            head = try JSONDecoder().decode(LineHead.self, from: Data(body))
        } catch {
            return .failure(Problem(status: .badRequest, message: "the body must be one JSON object: a signed governance event"))
        }
        guard let kind = head.kind, governanceKinds.contains(kind) else {
            let known = governanceKinds.sorted().joined(separator: ", ")
            return .failure(Problem(status: .badRequest, message: "kind: must be one of \(known)"))
        }
        guard !body.contains(UInt8(ascii: "\n")) else {
            return .failure(Problem(status: .badRequest, message: "the body must be one line of JSON"))
        }
        guard !head.hasTimestamp, let brace = body.firstIndex(of: UInt8(ascii: "{")) else { return .success(body) }
        return .success(Array(body[...brace]) + Array(#""ts":\#(now),"#.utf8) + Array(body[(brace + 1)...]))
    }

    /// The text of an operator's note body; an empty body is no text.
    static func noteText(_ body: [UInt8], required: Bool) throws(Problem) -> String {
        let text: String?
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            text = nil
        } else {
            do {
                text = try JSONDecoder().decode(NoteBody.self, from: Data(body)).text
            } catch {
                throw Problem(status: .badRequest, message: #"the body must be a JSON object: {"text": "..."}"#)
            }
        }
        guard let text, !text.isEmpty else {
            if required { throw Problem(status: .badRequest, message: "text: a note needs its text") }
            return ""
        }
        guard text.utf8.count <= Note.maximumTextBytes else {
            throw Problem(status: .badRequest, message: "text: longer than \(Note.maximumTextBytes) bytes")
        }
        return text
    }

    /// What the routes read of a posted event before the engine reads all of it.
    private struct LineHead: Decodable {
        var kind: String?
        var hasTimestamp: Bool

        enum CodingKeys: String, CodingKey { case kind, ts }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try? container.decode(String.self, forKey: .kind)
            hasTimestamp = container.contains(.ts)
        }
    }

    private struct NoteBody: Decodable {
        var text: String?
    }
}
