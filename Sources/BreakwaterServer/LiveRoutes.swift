public import Hummingbird
import BreakwaterForensics
import NIOCore

/// The HTTP API and the status page of `breakwater run` (documented in `docs/service.md`).
public enum LiveRoutes {
    /// Every route, reading from `engine`.
    public static func router(_ engine: LiveEngine) -> Router<BasicRequestContext> {
        let router = Router()
        // Request counts and latencies, for `/metrics` once the process bootstraps swift-metrics with its registry.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ReadOnly())
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: StatusPage.html)))
        }
        // Status and health come from the board the engine publishes on: reading them never waits for the engine.
        let board = engine.board
        router.get("/api/health") { _, _ in
            if let health = board.health { return json(health) }
            return json(await engine.healthSummary())
        }
        router.get("/api/status") { _, _ in
            let status = board.status
            return jsonBytes(status.isEmpty ? await engine.status() : status)
        }
        router.get("/api/incidents") { _, _ in json(await engine.incidents()) }
        router.get("/api/incidents/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let incident = await engine.incident(id) else {
                return problem(.notFound, "no incident \(id)")
            }
            return json(incident)
        }
        router.get("/api/actions") { request, _ in
            let text = request.uri.queryParameters.get("limit") ?? "100"
            guard let limit = Int(text), (1 ... 10_000).contains(limit) else { return problem(.badRequest, "limit must be a number from 1 to 10000") }
            return json(await engine.actions(limit: limit))
        }
        router.get("/api/journal") { _, _ in json(await engine.journal()) }
        let metrics = engine.metrics
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        router.get("/api/feed") { request, _ in
            let lastID = request.headers.first { $0.name.canonicalName == "last-event-id" }.flatMap { Int($0.value) }
            let items = await engine.subscribe(after: lastID)
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

    private static func json(_ value: some Encodable) -> Response { jsonBytes(Array(ReportJSON.line(of: value).utf8)) }

    private static func jsonBytes(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Every route reads: any other method is answered 405, naming the ones allowed.
    struct ReadOnly: RouterMiddleware {
        typealias Context = BasicRequestContext

        func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
            guard request.method == .get || request.method == .head else {
                var response = problem(.methodNotAllowed, "\(request.method) is not allowed: the API reads only")
                response.headers[.allow] = "GET, HEAD"
                return response
            }
            return try await next(request, context)
        }
    }

    /// A 4xx answer with its reason: `{"error": "..."}`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = json(["error": message])
        response.status = status
        return response
    }
}

extension LiveEngine {
    /// `GET /api/health`: alive, with the counts a probe wants.
    public struct Health: Codable, Sendable {
        public var status: String
        public var source: String
        public var quiet: Bool
        public var events: Int
        public var journalHead: String

        enum CodingKeys: String, CodingKey {
            case status, source, quiet, events
            case journalHead = "journal_head"
        }
    }
}
