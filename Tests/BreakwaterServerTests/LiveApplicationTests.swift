import BreakwaterAlerting
import BreakwaterCore
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterServer
import BreakwaterSimulation
import BreakwaterSources
import BreakwaterStorage
import BreakwaterTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

/// The service as `breakwater run` assembles it (``buildApplication(configuration:)``), run in-process: its source
/// decided, its alerts sent and an undeliverable one journaled, a graceful stop that leaves the journal whole, and
/// a restart that resumes it.
@Suite struct LiveApplicationTests {
    /// The demo's governed stream in a file, and its config.
    static func demoFile() throws -> (path: String, lines: Int, config: String) {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID()).jsonl").path
        try Data((story.lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return (path, story.lines.count, story.configYAML)
    }

    /// Runs `application` until every one of `lines` is decided, then stops it gracefully.
    static func run(_ application: LiveApplication, until lines: Int) async throws {
        let group = ServiceGroup(services: [application], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<6_000 where await application.live.pipeline.linesRead < lines {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func configuration(
        file: String,
        config: String,
        journal: String,
        alerts: [AlertTarget] = []
    ) throws -> LiveConfiguration {
        var settings = try ServiceConfig(environment: [:])
        settings.port = 0
        settings.journal = journal
        settings.alerts = alerts
        settings.retry = RetryPolicy(maxAttempts: 2, initialBackoff: .zero, maxBackoff: .zero)
        return LiveConfiguration(
            settings: settings,
            config: try ConfigLoader.load(yaml: config),
            configYAML: config,
            source: FileSource(path: file),
            logger: Logger(label: "test")
        )
    }

    @Test func theDemoAttackIsAlertedOnceAndADeadTargetIsJournaled() async throws {
        let (file, lines, config) = try Self.demoFile()
        let journal = JournalTestStreams.temporaryPath()
        let receiver = Receiver()
        let down = Receiver(then: 503)
        try await Receiver.serve(receiver) { base in
            try await Receiver.serve(down) { deadBase in
                let alerts = [
                    AlertTarget(name: "ops", kind: .webhook, url: "\(base)/hook", secret: "s", minSeverity: .warning),
                    AlertTarget(
                        name: "pager",
                        kind: .pagerduty,
                        url: "\(deadBase)/pd",
                        secret: "routing-key-123",
                        minSeverity: .critical
                    ),
                ]
                let application = try await buildApplication(
                    configuration: Self.configuration(file: file, config: config, journal: journal, alerts: alerts)
                )
                try await Self.run(application, until: lines)
            }
        }
        let events = await receiver.events(to: "/hook")
        #expect(
            events.first == "incident.opened" && events.contains("incident.contained")
                && events.contains("incident.resolved")
        )
        #expect(Set(events).count == events.count, "each step of the incident once")
        // The journal holds the dead letter, and verifies whole.
        let store = try SQLiteJournalStore(path: journal)
        #expect(try await JournalVerification.check(store).isIntact)
        let incident = try #require(try await JournalReplay.run(store).incidentEntries.first { $0.id == "INC-0001" })
        let failed = (incident.notes ?? []).filter { $0.action == "alert_failed" }
        #expect(
            failed.first?.by == "service" && failed.first?.text.contains("pager") == true,
            "\(incident.notes ?? [])"
        )
        #expect(failed.allSatisfy { !$0.text.contains("routing-key-123") }, "no secret in the journal")
    }

    /// A source that stops with an error (a chain reorganised below the blocks kept) is never silent: the service
    /// opens a source-outage incident naming the error, alerts it, writes its journal, and then stops with the error.
    @Test func aSourceThatFailsIsAlertedBeforeTheServiceStops() async throws {
        let (file, lines, config) = try Self.demoFile()
        let journal = JournalTestStreams.temporaryPath()
        let receiver = Receiver()
        let failure = BrokenSource.Failure()
        try await Receiver.serve(receiver) { base in
            var configuration = try Self.configuration(
                file: file,
                config: config,
                journal: journal,
                alerts: [
                    AlertTarget(name: "ops", kind: .webhook, url: "\(base)/hook", secret: "s", minSeverity: .critical)
                ]
            )
            configuration.source = BrokenSource(lines: FileSource(path: file), failure: failure)
            let application = try await buildApplication(configuration: configuration)
            await #expect(throws: BrokenSource.Failure.self) { try await application.run() }
        }
        let alerts = await receiver.incidentSteps(to: "/hook")
        #expect(alerts.last == "incident.opened source_outage", "\(alerts)")
        let store = try SQLiteJournalStore(path: journal)
        #expect(try await JournalVerification.check(store).isIntact)
        let replayed = try await JournalReplay.run(store)
        #expect(replayed.counts.lines == lines + 1, "every line of the source, and the note of its failure")
        let incident = replayed.incidentEntries.last { $0.kind == "source_outage" }
        #expect(incident?.resolvedAt == nil)
        #expect(
            incident?.signals.contains { $0.evidence.contains("stopped: \(failure)") } == true,
            "\(String(describing: incident))"
        )
    }

    @Test func aStoppedServiceResumesItsJournal() async throws {
        let (file, lines, config) = try Self.demoFile()
        let journal = JournalTestStreams.temporaryPath()
        let first = try await buildApplication(
            configuration: Self.configuration(file: file, config: config, journal: journal)
        )
        try await Self.run(first, until: lines)
        let written = try await SQLiteJournalStore(path: journal).tip()
        #expect(
            written?.hash.hexString == (await first.live.pipeline.journal()).head,
            "the head it reported is the file's"
        )
        // Its routes serve what it decided.
        try await first.server.test(.router) { client in
            try await client.execute(uri: "/api/journal", method: .get) { response in
                #expect(
                    response.status == .ok && String(buffer: response.body).contains(written?.hash.hexString ?? "-")
                )
            }
        }
        let second = try await buildApplication(
            configuration: Self.configuration(file: file, config: config, journal: journal)
        )
        try await Self.run(second, until: lines)
        let resumed = try await SQLiteJournalStore(path: journal).tip()
        #expect(resumed == written, "the same source gives the same journal: nothing new, nothing diverged")
    }
}

/// Records the POSTs a local server gets, and answers each with the next scripted status, then `fallback`.
actor Receiver {
    struct Delivery: Sendable {
        var path: String
        var body: [UInt8]
    }

    private(set) var received: [Delivery] = []
    private let fallback: Int

    init(then fallback: Int = 200) {
        self.fallback = fallback
    }

    func record(_ delivery: Delivery) -> Int {
        received.append(delivery)
        return fallback
    }

    /// The `event` of each webhook body POSTed to `path`, in order.
    func events(to path: String) -> [String] { bodies(to: path).compactMap { $0["event"] as? String } }

    /// The `event` and the incident's kind of each webhook body POSTed to `path`: `incident.opened source_outage`.
    func incidentSteps(to path: String) -> [String] {
        bodies(to: path).map { "\($0["event"] ?? "-") \(($0["incident"] as? [String: Any])?["kind"] ?? "-")" }
    }

    private func bodies(to path: String) -> [[String: Any]] {
        received.filter { $0.path == path }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]
        }
    }

    /// Runs `body` with a live local server that hands every POST to `receiver`, giving it the server's base URL.
    static func serve(_ receiver: Receiver, _ body: @Sendable (_ base: String) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.post("/{target}") { request, _ -> Response in
            var incoming = request
            let bytes = try await incoming.collectBody(upTo: 1 << 20)
            let status = await receiver.record(Delivery(path: incoming.uri.path, body: Array(bytes.readableBytesView)))
            return Response(status: .init(code: status))
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            try await body("http://localhost:\(port)")
        }
    }
}

/// Gives the lines of another source, then fails.
struct BrokenSource: EventSource {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the chain reorganised below block 3, deeper than the 1 blocks kept" }
    }

    let lines: any EventSource
    let failure: Failure

    var name: String { "broken \(lines.name)" }

    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) async throws -> Bool) async throws {
        try await lines.forEachLine(body)
        throw failure
    }
}
