import BreakwaterAlerting
import BreakwaterCore
import BreakwaterPipeline
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BreakwaterEngine

/// Alerting against a local receiver over HTTP: the webhook's signature, one page per incident on PagerDuty,
/// severity routing, retries and dead letters, and Slack's message.
@Suite struct AlertingTests {
    @Test func aWebhookIsSignedWithItsSecret() async throws {
        let receiver = Receiver()
        let incident = try Fixture.update()
        try await Self.serve(receiver) { base in
            let target = AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook", secret: "hook-secret")
            let alerter = Alerter(targets: [target], sleep: { _ in })
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(incident)
            alerter.notify(incident)
            await alerter.drain()
            alerter.shutdown()
            #expect(alerter.delivered == 1 && alerter.deadLetters == 0)
        }
        let requests = await receiver.received
        let request = try #require(requests.first)
        #expect(requests.count == 1, "the same update handed twice is sent once")
        #expect(request.headers["x-breakwater-signature"] == "sha256=" + Self.hmac(request.body, secret: "hook-secret"))
        #expect(request.headers["x-breakwater-signature"] != "sha256=" + Self.hmac(request.body, secret: "another"))
        #expect(request.headers["x-breakwater-delivery"] == "pool:main/INC-0001:opened")
        #expect(request.headers["content-type"] == "application/json")
        let json = try #require(request.json)
        #expect(json["event"] as? String == "incident.opened" && json["dedup_key"] as? String == "pool:main/INC-0001")
        #expect(json["severity"] as? String == "warning")
        #expect((json["summary"] as? String)?.contains("INC-0001") == true)
        // The incident is the API's JSON of the entry.
        let sent = try JSONSerialization.data(withJSONObject: try #require(json["incident"]))
        #expect(try JSONDecoder().decode(ReplayReport.IncidentEntry.self, from: sent) == incident.entry)
    }

    @Test func pagerDutyPagesOncePerIncidentAndResolvesOnTheSameKey() async throws {
        let receiver = Receiver()
        let opened = try Fixture.update(severities: [.critical])
        let contained = try Fixture.update(
            severities: [.critical, .critical],
            steps: [.contained],
            containedAt: Fixture.detectedAt + 5
        )
        let resolved = try Fixture.update(
            severities: [.critical, .critical],
            steps: [.resolved],
            containedAt: Fixture.detectedAt + 5,
            resolvedAt: Fixture.detectedAt + 60_000
        )
        try await Self.serve(receiver) { base in
            let target = AlertTarget(name: "pager", kind: .pagerduty, url: "\(base)/pagerduty", secret: "routing-key")
            let alerter = Alerter(targets: [target], sleep: { _ in })
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            for entry in [opened, opened, contained, contained, resolved, resolved] { alerter.notify(entry) }
            await alerter.drain()
            alerter.shutdown()
            #expect(alerter.delivered == 2)
        }
        let events = await receiver.received.compactMap { $0.json }
        #expect(events.map { $0["event_action"] as? String } == ["trigger", "resolve"])
        #expect(
            events.allSatisfy {
                $0["dedup_key"] as? String == "pool:main/INC-0001" && $0["routing_key"] as? String == "routing-key"
            }
        )
        let payload = try #require(events.first?["payload"] as? [String: Any])
        #expect(payload["source"] as? String == "breakwater" && payload["severity"] as? String == "critical")
        #expect(
            payload["timestamp"] as? String == "2022-10-11T22:05:00.123Z"
                && payload["component"] as? String == "pool main"
        )
        #expect((payload["summary"] as? String)?.contains("INC-0001") == true)
    }

    /// Each action the chain did not carry out is alerted once, after the incident's own alerts: to a webhook with
    /// the note's text, and to PagerDuty as a page of its own.
    @Test func eachFailedActionIsAlertedOnceWithWhatTheChainDid() async throws {
        let receiver = Receiver()
        let opened = try Fixture.update(severities: [.critical])
        func failed(_ texts: [String]) throws -> IncidentUpdate {
            var update = try Fixture.update(severities: [.critical], steps: [.actionFailed])
            update.entry.notes = try texts.map { text in
                let json = #"{"ts":1,"line":30,"action":"tx_reverted","by":"executor","text":"\#(text)"}"#
                return try JSONDecoder().decode(ReplayReport.NoteEntry.self, from: Data(json.utf8))
            }
            return update
        }
        let first = try failed([
            "0xaa in block 9, gas 21000, for pause|pool=main|INC-0001|0: execution reverted: paused"
        ])
        let second = try failed(["0xaa reverted", "0xbb in block 12: execution reverted: only the pauser pauses"])
        try await Self.serve(receiver) { base in
            let hook = AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook", secret: "s")
            let pager = AlertTarget(name: "pager", kind: .pagerduty, url: "\(base)/pagerduty", secret: "routing-key")
            let alerter = Alerter(targets: [hook, pager], sleep: { _ in })
            Task { await alerter.run() }
            for update in [opened, first, first, second] { alerter.notify(update) }
            await alerter.drain()
            alerter.shutdown()
        }
        let received = await receiver.received
        let hooks = received.filter { $0.path == "/webhook" }
        #expect(
            hooks.compactMap { $0.json?["event"] as? String }
                == ["incident.opened", "incident.action_failed", "incident.action_failed"]
        )
        #expect(
            hooks.map { $0.headers["x-breakwater-delivery"] } == [
                "pool:main/INC-0001:opened", "pool:main/INC-0001:action_failed:1", "pool:main/INC-0001:action_failed:2",
            ]
        )
        let summary = try #require(hooks.last?.json?["summary"] as? String)
        #expect(summary.hasSuffix("(critical): 0xbb in block 12: execution reverted: only the pauser pauses"))
        let pages = received.filter { $0.path == "/pagerduty" }.compactMap { $0.json }
        #expect(pages.map { $0["event_action"] as? String } == ["trigger", "trigger", "trigger"])
        #expect(pages.map { $0["dedup_key"] as? String }.last == "pool:main/INC-0001:action_failed:2")
    }

    @Test func aTargetGetsAnIncidentOnceItReachesItsSeverity() async throws {
        let receiver = Receiver()
        let warning = try Fixture.update(severities: [.warning])
        // A new signal takes no step: only the severity rises.
        let critical = try Fixture.update(severities: [.warning, .critical], steps: [])
        let contained = try Fixture.update(
            severities: [.warning, .critical],
            steps: [.contained],
            containedAt: Fixture.detectedAt + 5
        )
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [
                    AlertTarget(name: "all", kind: .webhook, url: "\(base)/all"),
                    AlertTarget(name: "critical", kind: .webhook, url: "\(base)/critical", minSeverity: .critical),
                ],
                sleep: { _ in }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(warning)
            await alerter.drain()
            #expect(await receiver.events(to: "/all") == ["incident.opened"])
            #expect(await receiver.events(to: "/critical").isEmpty, "a warning-only incident is below the target")
            alerter.notify(critical)
            await alerter.drain()
            #expect(await receiver.events(to: "/all") == ["incident.opened"], "a new signal is not a new state")
            #expect(
                await receiver.events(to: "/critical") == ["incident.opened"],
                "now critical: opened for this target"
            )
            alerter.notify(contained)
            await alerter.drain()
            alerter.shutdown()
            #expect(await receiver.events(to: "/all") == ["incident.opened", "incident.contained"])
            #expect(await receiver.events(to: "/critical") == ["incident.opened", "incident.contained"])
        }
        let severities = await receiver.received.filter { $0.path == "/critical" }.compactMap {
            $0.json?["severity"] as? String
        }
        #expect(severities == ["critical", "critical"])
    }

    @Test func anIncidentOpenedAndContainedAtOnceSendsBothStates() async throws {
        let receiver = Receiver()
        let contained = try Fixture.update(steps: [.opened, .contained], containedAt: Fixture.detectedAt)
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook")],
                sleep: { _ in }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(contained)
            await alerter.drain()
            alerter.shutdown()
        }
        #expect(await receiver.events(to: "/webhook") == ["incident.opened", "incident.contained"])
    }

    @Test func aFailureThatMayPassIsRetriedWithBackoff() async throws {
        let receiver = Receiver(statuses: [503, 429])
        let delays = Recorder<Duration>()
        let letters = Recorder<DeadLetter>()
        let policy = RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(500), maxBackoff: .seconds(30))
        let incident = try Fixture.update()
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook", secret: "hook-secret")],
                retry: policy,
                sleep: { await delays.add($0) },
                onDeadLetter: { await letters.add($0) }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(incident)
            await alerter.drain()
            alerter.shutdown()
            #expect(alerter.delivered == 1 && alerter.deadLetters == 0)
        }
        let requests = await receiver.received
        #expect(requests.count == 3)
        #expect(
            Set(requests.map { $0.headers["x-breakwater-delivery"] }) == ["pool:main/INC-0001:opened"],
            "every attempt is the same delivery"
        )
        #expect(await delays.items == [policy.delay(afterAttempt: 1), policy.delay(afterAttempt: 2)])
        #expect(await letters.items.isEmpty)
    }

    @Test func aTargetThatStaysDownGivesOneDeadLetter() async throws {
        let receiver = Receiver(then: 503)
        let letters = Recorder<DeadLetter>()
        let incident = try Fixture.update(severities: [.critical])
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [
                    AlertTarget(
                        name: "pager",
                        kind: .pagerduty,
                        url: "\(base)/pagerduty?token=url-secret",
                        secret: "routing-secret"
                    )
                ],
                retry: RetryPolicy(maxAttempts: 3),
                sleep: { _ in },
                onDeadLetter: { await letters.add($0) }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(incident)
            await alerter.drain()
            alerter.shutdown()
            #expect(alerter.delivered == 0 && alerter.deadLetters == 1)
        }
        #expect(await receiver.received.count == 3)
        let letter = try #require(await letters.items.first)
        #expect(await letters.items.count == 1)
        #expect(letter.target == "pager" && letter.dedupKey == "pool:main/INC-0001" && letter.state == .opened)
        #expect(letter.attempts == 3 && letter.lastError == "HTTP 503")
        #expect(!letter.lastError.contains("routing-secret") && !letter.lastError.contains("url-secret"))
    }

    @Test func aRefusedAlertIsDeadLetteredAtOnce() async throws {
        let receiver = Receiver(statuses: [400])
        let letters = Recorder<DeadLetter>()
        let incident = try Fixture.update()
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook")],
                sleep: { _ in },
                onDeadLetter: { await letters.add($0) }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(incident)
            await alerter.drain()
            alerter.shutdown()
        }
        #expect(await receiver.received.count == 1)
        #expect(await letters.items.map(\.attempts) == [1])
        #expect(await letters.items.map(\.lastError) == ["HTTP 400"])
    }

    /// A connection error is retried, and its text loses the URL's path and query and the secret.
    @Test func aDeadLetterNeverHoldsTheURLOrTheSecret() async throws {
        let letters = Recorder<DeadLetter>()
        let alerter = Alerter(
            targets: [
                AlertTarget(
                    name: "ops",
                    kind: .webhook,
                    url: "https://hooks.example.com/services/T0/B0/XYZ?token=url-secret",
                    secret: "hook-secret"
                )
            ],
            transport: Unreachable(),
            retry: RetryPolicy(maxAttempts: 2),
            sleep: { _ in },
            onDeadLetter: { await letters.add($0) }
        )
        // Delivers while the test runs; `shutdown()` ends it.
        Task { await alerter.run() }
        alerter.notify(try Fixture.update())
        await alerter.drain()
        alerter.shutdown()
        let letter = try #require(await letters.items.first)
        #expect(letter.attempts == 2 && letter.lastError.contains("connection refused"))
        for secret in ["url-secret", "XYZ", "hook-secret"] { #expect(!letter.lastError.contains(secret)) }
    }

    /// Property-like: over policies and attempts 1...20, the first wait is the initial backoff, each wait doubles
    /// the one before, and none passes the cap.
    @Test func theBackoffDoublesUpToItsCap() {
        for initial: Duration in [.zero, .milliseconds(1), .milliseconds(500), .seconds(7)] {
            for cap: Duration in [.milliseconds(500), .seconds(30), .seconds(3_600)] {
                let policy = RetryPolicy(maxAttempts: 20, initialBackoff: initial, maxBackoff: cap)
                #expect(policy.delay(afterAttempt: 1) == min(initial, cap))
                for attempt in 1...20 {
                    let delay = policy.delay(afterAttempt: attempt)
                    #expect(delay <= cap)
                    #expect(policy.delay(afterAttempt: attempt + 1) == min(delay * 2, cap))
                }
            }
        }
        let policy = RetryPolicy()
        let delays = (1...8).map { policy.delay(afterAttempt: $0) }
        let expected = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000].map { Duration.milliseconds($0) }
        #expect(delays == expected)
    }

    @Test func slackGetsAMessageNamingTheIncident() async throws {
        let receiver = Receiver()
        let incident = try Fixture.update(severities: [.critical])
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [AlertTarget(name: "chat", kind: .slack, url: "\(base)/slack")],
                sleep: { _ in }
            )
            // Delivers while the test runs; `shutdown()` ends it.
            Task { await alerter.run() }
            alerter.notify(incident)
            await alerter.drain()
            alerter.shutdown()
        }
        let message = try #require(await receiver.received.first?.json)
        #expect((message["text"] as? String)?.contains("INC-0001") == true)
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let evidence = (blocks.last?["text"] as? [String: Any])?["text"] as? String
        #expect(evidence?.contains("&lt;band 1.5x&gt;") == true, "Slack's markup characters are escaped")
    }

    /// A decision read again from a resumed journal was alerted when first decided: it is only noted, and the next
    /// step of the same incident is sent alone.
    @Test func aDecisionReadAgainFromAResumedJournalIsNotSentAgain() async throws {
        let receiver = Receiver()
        @Sendable func decided(_ update: IncidentUpdate, replayed: Bool) -> DecidedEvent {
            let event = Event(timestamp: Timestamp(milliseconds: Fixture.detectedAt), payload: .tick)
            return DecidedEvent(
                line: 1,
                event: event,
                decision: Decision(sequence: 1, timestamp: event.timestamp),
                isReplayed: replayed,
                incidents: [update],
                signals: [],
                actions: []
            )
        }
        try await Self.serve(receiver) { base in
            let alerter = Alerter(
                targets: [AlertTarget(name: "ops", kind: .webhook, url: "\(base)/webhook")],
                sleep: { _ in }
            )
            Task { await alerter.run() }
            alerter.take(decided(try Fixture.update(), replayed: true))
            alerter.take(
                decided(try Fixture.update(steps: [.contained], containedAt: Fixture.detectedAt + 5), replayed: false)
            )
            await alerter.drain()
            alerter.shutdown()
        }
        #expect(await receiver.events(to: "/webhook") == ["incident.contained"])
    }

    /// A stopping alerter delivers what is queued for its grace period, then gives up: the delivery under way
    /// becomes a dead letter, and the alerter returns.
    @Test func aStoppingAlerterGivesUpAfterItsGrace() async throws {
        let letters = Recorder<DeadLetter>()
        let alerter = Alerter(
            targets: [AlertTarget(name: "slow", kind: .webhook, url: "http://127.0.0.1:9/hook")],
            transport: Hanging(),
            grace: .milliseconds(50),
            onDeadLetter: { await letters.add($0) }
        )
        let running = Task { await alerter.run() }
        alerter.notify(try Fixture.update())
        alerter.shutdown()
        await running.value
        await alerter.drain()
        #expect(await letters.items.map(\.target) == ["slow"] && alerter.deadLetters == 1 && alerter.delivered == 0)
    }

    // MARK: Helpers

    /// Runs `body` with a live local server that hands every POST to `receiver`, giving it the server's base URL.
    static func serve(_ receiver: Receiver, _ body: @Sendable (_ base: String) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.post("/{target}") { request, _ -> Response in
            var incoming = request
            let bytes = try await incoming.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in incoming.headers { headers[field.name.canonicalName] = field.value }
            let delivery = Receiver.Delivery(
                path: incoming.uri.path,
                headers: headers,
                body: Array(bytes.readableBytesView)
            )
            let status = await receiver.record(delivery)
            return Response(status: .init(code: status))
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            try await body("http://localhost:\(port)")
        }
    }

    /// The lowercase hex of HMAC-SHA256 of `body` keyed with `secret`.
    static func hmac(_ body: [UInt8], secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
            .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
            .joined()
    }
}

/// Records the requests a local server gets, and answers each with the next scripted status, then `fallback`.
actor Receiver {
    struct Delivery: Sendable {
        var path: String
        /// By lowercase name.
        var headers: [String: String]
        var body: [UInt8]

        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    private(set) var received: [Delivery] = []
    private var statuses: [Int]
    private let fallback: Int

    init(statuses: [Int] = [], then fallback: Int = 200) {
        self.statuses = statuses
        self.fallback = fallback
    }

    /// Keeps `delivery`, and gives the status to answer it with.
    func record(_ delivery: Delivery) -> Int {
        received.append(delivery)
        return statuses.isEmpty ? fallback : statuses.removeFirst()
    }

    /// The `event` of each webhook body POSTed to `path`, in order.
    func events(to path: String) -> [String] {
        received.filter { $0.path == path }.compactMap { $0.json?["event"] as? String }
    }
}

/// What a test's closures were handed, in order.
actor Recorder<Element: Sendable> {
    private(set) var items: [Element] = []

    func add(_ item: Element) { items.append(item) }
}

/// A transport whose POSTs are never answered, until cancelled.
struct Hanging: AlertTransport {
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
        try await Task.sleep(for: .seconds(3_600))
        return 200
    }
}

/// A transport whose every POST fails to connect, naming the URL as connection errors do.
struct Unreachable: AlertTransport {
    struct ConnectionRefused: Error, CustomStringConvertible {
        var url: String
        var description: String { "connection refused: \(url)" }
    }

    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
        throw ConnectionRefused(url: url)
    }
}

/// Incident updates as the pipeline hands them over: the engine's incident, the steps a decision took, and the entry
/// the API shows (decoded from its JSON: the entries have no public initializer).
enum Fixture {
    /// 2022-10-11T22:05:00.123Z.
    static let detectedAt: Int64 = 1_665_525_900_123

    static func update(
        severities: [Signal.Severity] = [.warning],
        steps: [IncidentStep.Kind] = [.opened],
        containedAt: Int64? = nil,
        resolvedAt: Int64? = nil
    ) throws -> IncidentUpdate {
        let json = """
            {"id": "INC-0001", "kind": "liquidity_drain", "severity": "warning", "scope": {"pool": "main"}, "detected_at": \(detectedAt), \
            "detected_line": 12, "contained_at": null, "contained_line": null, "signals": [], "actions": [], \
            "accounts": ["attacker"], "repeated_signals": 0, "dedup_key": "pool:main/INC-0001"}
            """
        var entry = try JSONDecoder().decode(ReplayReport.IncidentEntry.self, from: Data(json.utf8))
        entry.signals = try severities.enumerated().map { index, severity in
            try signal(severity.rawValue, line: 12 + index)
        }
        entry.containedAt = containedAt
        entry.containedLine = containedAt.map { _ in 20 }
        entry.resolvedAt = resolvedAt
        let signals = severities.map { severity in
            RecordedSignal(
                signal: Signal(kind: .priceBandBreach, scope: .pool(PoolID(0)), severity: severity, evidence: "band"),
                timestamp: Timestamp(milliseconds: detectedAt),
                sequence: 12
            )
        }
        let incident = Incident(
            id: "INC-0001",
            vector: .liquidityDrain,
            scope: .pool(PoolID(0)),
            detectedAt: Timestamp(milliseconds: detectedAt),
            detectedSequence: 12,
            containedAt: containedAt.map(Timestamp.init(milliseconds:)),
            containedSequence: containedAt.map { _ in 20 },
            remediatedAt: nil,
            resolvedAt: resolvedAt.map(Timestamp.init(milliseconds:)),
            signals: signals,
            lastActivity: Timestamp(milliseconds: detectedAt)
        )
        return IncidentUpdate(incident: incident, steps: steps, entry: entry)
    }

    static func signal(_ severity: String, line: Int) throws -> ReplayReport.SignalEntry {
        let json = """
            {"ts": \(detectedAt), "line": \(line), "kind": "price_band_breach", "severity": "\(severity)", \
            "scope": {"market": "MNGO-PERP"}, "evidence": "mark 0.0382 is 9.6x the reference <band 1.5x>", \
            "accounts": ["attacker"]}
            """
        return try JSONDecoder().decode(ReplayReport.SignalEntry.self, from: Data(json.utf8))
    }
}
