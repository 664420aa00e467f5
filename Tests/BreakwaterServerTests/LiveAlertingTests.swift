import BreakwaterAlerting
import BreakwaterPipeline
import BreakwaterServer
import BreakwaterSimulation
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The service's alerting end to end: the engine's incidents go to a local receiver, and an alert that cannot be
/// delivered comes back into the journal as a note on its incident.
@Suite struct LiveAlertingTests {
    static func engine() throws -> (LiveEngine, lines: [[UInt8]]) {
        let story = try Demo.story(of: MangoScenario(seed: 42))
        let engine = LiveEngine(replay: Replay(config: story.config, configYAML: story.configYAML), session: nil, source: "test")
        return (engine, story.lines.map { Array($0.utf8) })
    }

    @Test func theDemoAttackIsAlertedOnceAndADeadTargetIsJournaled() async throws {
        let receiver = Receiver()
        let down = Receiver(statuses: [], then: 503)
        let (engine, lines) = try Self.engine()
        try await AlertingTests.serve(receiver) { base in
            try await AlertingTests.serve(down) { deadBase in
                let alerter = Alerter(
                    targets: [
                        AlertTarget(name: "ops", kind: .webhook, url: "\(base)/hook", secret: "s", minSeverity: .warning),
                        AlertTarget(name: "pager", kind: .pagerduty, url: "\(deadBase)/pd", secret: "routing-key-123", minSeverity: .critical),
                    ],
                    retry: RetryPolicy(maxAttempts: 2, initialBackoff: .zero, maxBackoff: .zero),
                    sleep: { _ in },
                    onDeadLetter: { deadLetter in try? await engine.record(deadLetter) }
                )
                await engine.send(alertsTo: alerter)
                for line in lines { try await engine.ingest(line) }
                try await engine.finish()
            }
        }
        let events = await receiver.events(to: "/hook")
        #expect(events.first == "incident.opened" && events.contains("incident.contained") && events.contains("incident.resolved"))
        #expect(Set(events).count == events.count, "each state of the incident once")
        let incident = try #require(await engine.incident("INC-0001"))
        let failed = (incident.notes ?? []).filter { $0.action == "alert_failed" }
        #expect(failed.first?.by == "service" && failed.first?.text.contains("pager") == true, "\(incident.notes ?? [])")
        #expect(failed.allSatisfy { !$0.text.contains("routing-key-123") }, "no secret in the journal")
    }
}
