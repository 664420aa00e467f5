import BreakwaterPipeline
import BreakwaterReportKit
public import Hummingbird
import NIOCore

/// The HTTP API and the status page of `breakwater run` (documented in `docs/service.md` and `docs/openapi.yaml`).
public enum LiveRoutes {
    /// Every route, on `live`; `operators` may acknowledge incidents and add notes; signed governance lines are
    /// taken at most `postsPerSecond` (in bursts of ten times that).
    public static func router(
        _ live: LiveServer,
        operators: OperatorTokens = OperatorTokens([]),
        postsPerSecond: Int = 20
    ) -> Router<BasicRequestContext> {
        let router = Router()
        // Request counts and latencies, for `/metrics` once the process bootstraps swift-metrics with its registry.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: MethodGuard())
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: StatusPage.html))
            )
        }
        let (pipeline, board) = (live.pipeline, live.board)
        // Status and health come from the board: reading them never waits for the engine, once it is published.
        router.get("/api/health") { _, _ in
            if let health = board.health { return json(health) }
            return json(await pipeline.read { Health($0) })
        }
        router.get("/api/status") { _, _ in
            let status = board.status
            return jsonBytes(status.isEmpty ? await board.refresh() : status)
        }
        router.get("/api/history") { _, _ in
            if board.history.isEmpty { await board.refresh() }
            return jsonBytes(board.history)
        }
        router.get("/api/incidents") { _, _ in json(await pipeline.incidents()) }
        router.get("/api/incidents/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let incident = await pipeline.incident(id) else {
                return problem(.notFound, "no incident \(id)")
            }
            return json(incident)
        }
        router.get("/api/actions") { request, _ in
            let text = request.uri.queryParameters.get("limit") ?? "100"
            guard let limit = Int(text), (1...10_000).contains(limit) else {
                return problem(.badRequest, "limit must be a number from 1 to 10000")
            }
            return json(await pipeline.actions(limit: limit))
        }
        router.get("/api/journal") { _, _ in json(await pipeline.journal()) }
        router.get("/api/governance") { _, _ in json(await pipeline.governance()) }
        addSubmissions(to: router, live: live, operators: operators, budget: PostBudget(perSecond: postsPerSecond))
        let metrics = live.metrics
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        let feed = live.feed
        router.get("/api/feed") { request, _ in
            let lastID = request.headers.first { $0.name.canonicalName == "last-event-id" }.flatMap { Int($0.value) }
            guard let items = feed.subscribe(after: lastID) else {
                var response = problem(
                    .serviceUnavailable,
                    "the feed follows \(feed.maximumSubscribers) clients already; try again later"
                )
                response.headers[.retryAfter] = "5"
                return response
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    // A comment first, so a client knows it is connected before the first item.
                    try await writer.write(ByteBuffer(string: ": breakwater feed\n\n"))
                    for await batch in items { try await writer.write(batch.bytes) }
                    try await writer.finish(nil)
                }
            )
        }
        return router
    }

    static func json(_ value: some Encodable) -> Response { jsonBytes(Array(ReportJSON.line(of: value).utf8)) }

    private static func jsonBytes(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// Every route reads but the submissions, which only post: any other method is answered 405, naming the ones
    /// allowed.
    struct MethodGuard: RouterMiddleware {
        typealias Context = BasicRequestContext

        func handle(
            _ request: Request,
            context: Context,
            next: @concurrent (Request, Context) async throws -> Response
        ) async throws -> Response {
            let posts = Self.isSubmission(request.uri.path)
            let allowed: [HTTPRequest.Method] = posts ? [.post] : [.get, .head]
            guard allowed.contains(request.method) else {
                let reason = posts ? "this route takes a POST" : "this route reads only"
                var response = problem(.methodNotAllowed, "\(request.method) is not allowed: \(reason)")
                response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return response
            }
            return try await next(request, context)
        }

        /// `/api/governance/actions`, `/api/incidents/{id}/ack` and `/api/incidents/{id}/notes`.
        static func isSubmission(_ path: String) -> Bool {
            if path == "/api/governance/actions" { return true }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 5 && parts[1] == "api" && parts[2] == "incidents"
                && (parts[4] == "ack" || parts[4] == "notes")
        }
    }

    /// A 4xx answer with its reason: `{"error": "..."}`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = json(["error": message])
        response.status = status
        return response
    }
}
