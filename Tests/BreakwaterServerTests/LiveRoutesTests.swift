import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterServer
import BreakwaterSimulation
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The service's HTTP API over an engine fed the demo's governed stream: every route, its errors, and the feed's
/// resume from `Last-Event-ID`.
@Suite struct LiveRoutesTests {
    /// A live pipeline on the demo's config with no journal, the live feed its sink.
    static func server(
        _ story: (config: ProtocolConfig, configYAML: String, market: EventSchedule, lines: [String])
    ) -> LiveServer {
        let feed = LiveFeed()
        let replay = Replay(config: story.config, configYAML: story.configYAML)
        return LiveServer(
            pipeline: LivePipeline(replay: replay, session: nil, source: "test", sinks: [feed]),
            feed: feed
        )
    }

    /// The demo's stream, decided by a live pipeline with no journal.
    static func fedServer(finished: Bool = true) async throws -> (LiveServer, lines: Int) {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let live = Self.server(story)
        for line in story.lines { try await live.pipeline.ingest(Array(line.utf8)) }
        if finished { try await live.pipeline.finish() }
        return (live, story.lines.count)
    }

    static func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    }

    @Test func healthStatusAndIncidentsDescribeTheRun() async throws {
        let (live, lines) = try await Self.fedServer()
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/json")
                let health = try #require(try Self.json(response.body) as? [String: Any])
                #expect(health["status"] as? String == "ok" && health["events"] as? Int == lines)
            }
            try await client.execute(uri: "/api/status", method: .get) { response in
                let status = try #require(try Self.json(response.body) as? [String: Any])
                let pools = try #require(status["pools"] as? [[String: Any]])
                #expect(pools.map { $0["name"] as? String } == ["main", "alts"])
                #expect(pools.allSatisfy { $0.keys.contains("paused") }, "a pool that is not paused says null")
                let incidents = try #require(status["incidents"] as? [[String: Any]])
                #expect(incidents.first?["id"] as? String == "INC-0001" && incidents.first?["contained_at"] is Int)
            }
            // The past, a sample a minute: a page opened now charts the whole incident.
            try await client.execute(uri: "/api/history", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/json")
                let history = try #require(try Self.json(response.body) as? [String: Any])
                let times = try #require(history["times"] as? [Int])
                #expect(times.count > 60 && times.count <= 360 && history["step_ms"] as? Int == 60_000)
                #expect(zip(times, times.dropFirst()).allSatisfy { $1 / 60_000 > $0 / 60_000 }, "one per minute")
                let prices = try #require(history["prices"] as? [String: [Any]])
                #expect(prices.keys.sorted() == story.config.markets.map(\.name).sorted())
                #expect(prices.values.allSatisfy { $0.count == times.count })
                let mngo = try #require(prices["MNGO-PERP"]).compactMap { ($0 as? String).flatMap(Double.init) }
                #expect((mngo.max() ?? 0) > 1.1 * (mngo.first ?? .infinity), "the pump, up to the band, is in the past")
                let badDebt = try #require(history["bad_debt"] as? [String: [String]])
                #expect(
                    badDebt.keys.sorted() == ["alts", "main"] && badDebt.values.allSatisfy { $0.count == times.count }
                )
            }
            try await client.execute(uri: "/api/incidents/INC-0001", method: .get) { response in
                let incident = try #require(try Self.json(response.body) as? [String: Any])
                #expect(
                    (incident["signals"] as? [Any])?.isEmpty == false
                        && incident["kind"] as? String == "oracle_manipulation"
                )
            }
            try await client.execute(uri: "/api/incidents/INC-9999", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try Self.json(response.body) as? [String: String]
                #expect(problem?["error"] == "no incident INC-9999")
            }
            try await client.execute(uri: "/api/actions?limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            // Regressions found by schemathesis against docs/openapi.yaml: a limit that is not a number was taken
            // as the default, and other methods got 404 instead of 405.
            try await client.execute(uri: "/api/actions?limit=abc", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/status", method: .delete) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/actions?limit=3", method: .get) { response in
                let actions = try Self.json(response.body) as? [Any]
                #expect(actions?.count == 3)
            }
            try await client.execute(uri: "/api/journal", method: .get) { response in
                // The header, each event and its decision, and the accounts' records: the replay's own count.
                let journal = try Self.json(response.body) as? [String: Any]
                var replay = Replay(config: story.config, configYAML: story.configYAML)
                for (number, line) in story.lines.enumerated() {
                    replay.feed(line: Array(line.utf8), number: number + 1)
                }
                #expect(
                    journal?["records"] as? Int == replay.journal.count
                        && journal?["head"] as? String == replay.journal.head
                )
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                let accepted = text.split(separator: "\n").first {
                    $0.hasPrefix(#"breakwater_events_total{outcome="accepted"}"#)
                }
                #expect(accepted.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0 > lines / 2)
                #expect(
                    text.contains(#"breakwater_pool_paused{pool="alts"}"#) && text.contains("breakwater_incidents 1")
                )
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<title>Breakwater status</title>"))
            }
        }
    }

    /// The feed resumes after the id a client last saw: every item after it, in order, as Server-Sent Events.
    @Test func theFeedResumesFromLastEventID() async throws {
        let (live, _) = try await Self.fedServer()
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/feed", method: .get, headers: [.init("Last-Event-ID")!: "5"]) {
                response in
                #expect(response.headers[.contentType] == "text/event-stream")
                let ids = String(buffer: response.body).split(separator: "\n").filter { $0.hasPrefix("id: ") }
                    .compactMap { Int($0.dropFirst(4)) }
                #expect(ids.first == 6 && ids == Array(6..<6 + ids.count) && ids.count > 10)
            }
        }
    }

    /// The feed follows at most its limit of clients: one more is answered 503 with a Retry-After, and a client
    /// that leaves makes room.
    @Test func theFeedRefusesAClientPastItsLimit() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let feed = LiveFeed(maximumSubscribers: 2)
        let live = LiveServer(
            pipeline: LivePipeline(
                replay: Replay(config: story.config, configYAML: story.configYAML),
                session: nil,
                source: "test",
                sinks: [feed]
            ),
            feed: feed
        )
        var first: AsyncStream<FeedBatch>? = feed.subscribe(after: nil)
        let second = feed.subscribe(after: nil)
        #expect(first != nil && second != nil && feed.subscriberCount == 2)
        #expect(feed.subscribe(after: nil) == nil)
        let app = Application(router: LiveRoutes.router(live))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/feed", method: .get) { response in
                #expect(response.status == .serviceUnavailable && response.headers[.retryAfter] == "5")
                let problem = try Self.json(response.body) as? [String: String]
                #expect(problem?["error"] == "the feed follows 2 clients already; try again later")
            }
        }
        first = nil
        #expect(feed.subscriberCount == 1)
        #expect(feed.subscribe(after: nil) != nil)
        _ = second
    }

    /// Through the real HTTP server: a request's headers are bounded (80 KiB in all, NIO's parser): past it, 400 and
    /// the connection closed, before any route runs.
    @Test func headersPastTheLimitAreRefused() async throws {
        let (live, _) = try await Self.fedServer()
        try await Application(router: LiveRoutes.router(live)).test(.live) { client in
            try await client.execute(
                uri: "/api/health",
                method: .get,
                headers: [.init("X-Padding")!: String(repeating: "a", count: 60 * 1024)]
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/health",
                method: .get,
                headers: [.init("X-Padding")!: String(repeating: "a", count: 100 * 1024)]
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// `/metrics` counts the source's bad lines by the code of their error, every reason listed from zero.
    @Test func badLinesAreCountedByReason() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let live = Self.server(story)
        let bad = [#"{"ts":"#, #"{"ts":1,"kind":"tick",}"#, #"{"ts":1,"kind":"swap"}"#, #"{"ts":1,"kind":7}"#]
        for line in Array(story.lines.prefix(20)) + bad { try await live.pipeline.ingest(Array(line.utf8)) }
        await live.board.refresh()
        let counts = Dictionary(
            uniqueKeysWithValues: String(decoding: live.metrics.exposition(), as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("breakwater_source_bad_lines_total{") }
                .compactMap { line -> (String, Int)? in
                    guard let reason = line.split(separator: "\"").dropFirst().first,
                        let count = line.split(separator: " ").last.flatMap({ Int($0) })
                    else { return nil }
                    return (String(reason), count)
                }
        )
        #expect(counts["malformed_json"] == 2 && counts["unknown_name"] == 1 && counts["wrong_type"] == 1)
        #expect(Set(counts.keys) == Set(StreamError.Code.all.map(\.name)) && counts["time_jump"] == 0)
    }

    /// A client that never reads holds at most the newest batches the feed keeps for it, however much is published.
    @Test func aClientThatDoesNotReadHoldsABoundedBacklog() async throws {
        let feed = LiveFeed()
        let items = try #require(feed.subscribe(after: nil))
        for _ in 0..<(LiveFeed.batchesPerSubscriber * 4) {
            feed.sourceChanged(SourceChange(source: "test", state: .quiet))
        }
        feed.finish()
        let batches = await items.reduce(into: [FeedBatch]()) { $0.append($1) }
        #expect(batches.count == LiveFeed.batchesPerSubscriber)
        #expect(batches.last?.items.last?.id == LiveFeed.batchesPerSubscriber * 4, "the newest are kept")
    }

    /// A live subscriber gets each new item as the engine decides it, and the source's state when it changes.
    @Test func aSubscriberFollowsTheEngineLive() async throws {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let live = Self.server(story)
        let items = try #require(live.feed.subscribe(after: nil))
        let reader = Task { await items.prefix(2).reduce(into: [FeedItem]()) { $0 += $1.items } }
        for line in story.lines { try await live.pipeline.ingest(Array(line.utf8)) }
        let received = await reader.value
        #expect(received.map(\.id) == Array(1...received.count) && received.first?.event == "signal")
        #expect(
            received.contains { $0.event == "incident" },
            "a decision's items go out together, its incident with them"
        )
        #expect(await live.pipeline.sourceWentQuiet(after: .zero))
        let status = try JSONSerialization.jsonObject(with: Data(await live.board.refresh())) as? [String: Any]
        #expect((status?["source"] as? [String: Any])?["quiet"] as? Bool == true, "the status says the source is quiet")
        let last = try #require(live.feed.subscribe(after: received.last?.id))
        try await live.pipeline.finish()
        let rest = await last.reduce(into: [FeedItem]()) { $0 += $1.items }
        #expect(rest.contains { $0.event == "source" && $0.data == #"{"source":"test","state":"quiet"}"# })
    }
}
