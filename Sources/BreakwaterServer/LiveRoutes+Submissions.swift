import BreakwaterCore
import BreakwaterFormats
import BreakwaterPipeline
import Foundation
import Hummingbird
import Logging
import NIOCore

extension LiveRoutes {
    /// The largest request body taken, in bytes: a signed action with many signatures is a few kilobytes.
    public static let maximumBody = 64 * 1024
    /// The longest text of an operator's note, in Unicode characters.
    static let maximumNoteCharacters = Note.maximumTextBytes / 4

    /// The event kinds `POST /api/governance/actions` takes (the signed ones), with the fields each may have. An
    /// unsigned `governance` event is the replay format's and is refused here; so is a field the stream format
    /// would ignore: what is posted is exactly what is decided.
    static let governanceLines = LineRules(fields: [
        "signed_action": [
            "kind", "ts", "domain", "role", "action", "pool", "market", "account", "module", "parameters", "nonce",
            "expires_at", "signatures",
        ],
        "vote": ["kind", "ts", "domain", "proposal", "support", "key", "signature"],
        "queue": ["kind", "ts", "proposal"],
        "execute": ["kind", "ts", "proposal"],
    ])

    /// `POST /api/governance/actions` and the operators' `POST /api/incidents/{id}/ack` and `/notes`.
    static func addSubmissions(
        to router: Router<BasicRequestContext>,
        live: LiveServer,
        operators: OperatorTokens,
        budget: PostBudget
    ) {
        let pipeline = live.pipeline
        router.post("/api/governance/actions") { request, context in
            guard budget.take() else {
                var response = problem(.tooManyRequests, "too many posts for now; try again in a second")
                response.headers[.retryAfter] = "1"
                return response
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: maximumBody) } catch { return tooLarge() }
            // The line is parsed once, by the pipeline, and checked against the rules as it is; its `ts`, if any, is
            // not used: the engine decides it at its own time.
            do throws(SubmissionError) {
                return await answer(
                    try await pipeline.submit(Array(buffer: body), rules: governanceLines),
                    board: live.board
                )
            } catch {
                return problem(for: error, logger: context.logger)
            }
        }
        router.post("/api/incidents/{id}/ack") { request, context in
            try await operatorNote(.acknowledge, request, context, live: live, operators: operators)
        }
        router.post("/api/incidents/{id}/notes") { request, context in
            try await operatorNote(.comment, request, context, live: live, operators: operators)
        }
    }

    /// An operator's note on an incident: the bearer token names the operator, the body (`{"text": "..."}`, which a
    /// comment needs) says the rest.
    private static func operatorNote(
        _ action: Note.Action,
        _ request: Request,
        _ context: BasicRequestContext,
        live: LiveServer,
        operators: OperatorTokens
    ) async throws -> Response {
        guard !operators.isEmpty else {
            return problem(.forbidden, "operator actions are off: the service config names no operator token")
        }
        let authorization = request.headers.first { $0.name.canonicalName == "authorization" }?.value ?? ""
        guard authorization.lowercased().hasPrefix("bearer "),
            let author = operators.name(for: String(authorization.dropFirst(7)))
        else {
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
        guard await live.pipeline.incident(id) != nil else { return problem(.notFound, "no incident \(id)") }
        do {
            return await answer(
                try await live.pipeline.take(Note(action: action, author: author, incident: id, text: text)),
                board: live.board
            )
        } catch {
            return problem(for: error, logger: context.logger)
        }
    }

    /// 200 with what the engine decided: the line is in the journal whether the engine accepted it or refused it
    /// (`accepted`, `code`), as a replay lists a refusal among its results.
    /// The status is published again first, so a client that reads it next sees the line.
    private static func answer(_ submission: Submission, board: StatusBoard) async -> Response {
        await board.refresh()
        return json(submission)
    }

    private static func problem(for error: SubmissionError, logger: Logger) -> Response {
        switch error.code {
        case .unreadable:
            // A line that is not one JSON object says so in the words of a request.
            guard error.field != nil else {
                return problem(.badRequest, "the body must be one JSON object: a signed governance event")
            }
            return problem(.badRequest, error.message)
        case .unavailable:
            return problem(.serviceUnavailable, error.message)
        default:
            // The store's own words go to the log, not to a client that needs no token.
            logger.error("a posted line could not be kept in the inbox; the journal stops: \(error.message)")
            return problem(.internalServerError, "the service could not keep the line; its log says why")
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

    /// The text of an operator's note body (`{"text": "..."}`); an empty body (no bytes at all) is no text, while a
    /// body of only whitespace is malformed JSON like any other.
    static func noteText(_ body: [UInt8], required: Bool) throws(Problem) -> String {
        var text = ""
        if !body.isEmpty {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
                throw Problem(status: .badRequest, message: #"the body must be a JSON object: {"text": "..."}"#)
            }
            if let value = object["text"] {
                guard let string = value as? String else {
                    throw Problem(status: .badRequest, message: "text: must be a string")
                }
                text = string
            }
        }
        if text.isEmpty && required { throw Problem(status: .badRequest, message: "text: a note needs its text") }
        // Characters, as JSON Schema counts them; four bytes each at most, so within a note's bound.
        guard text.unicodeScalars.count <= maximumNoteCharacters else {
            throw Problem(status: .badRequest, message: "text: longer than \(maximumNoteCharacters) characters")
        }
        return text
    }
}
