import BreakwaterAlerting
import BreakwaterCore
import BreakwaterServer
import BreakwaterStorage
import Testing

/// The service config: the file, the environment over it, secrets only through the environment, and errors that
/// name the key.
@Suite struct ServiceConfigTests {
    static let yaml = """
        host: 0.0.0.0
        port: 9000
        quiet_seconds: 10
        operators:
          - { name: alice, token_env: ALICE_TOKEN }
        alerts:
          - { name: pager, kind: pagerduty, secret_env: PD_KEY, min_severity: critical }
          - { name: chat, kind: slack, url_env: SLACK_URL }
          - { name: siem, kind: webhook, url: "https://siem.example/hook", secret_env: HOOK_SECRET }
        retry: { max_attempts: 3, initial_backoff_ms: 100, max_backoff_ms: 1000 }
        """
    static let environment = [
        "ALICE_TOKEN": "a-token", "PD_KEY": "pd", "SLACK_URL": "https://hooks.slack.example/x", "HOOK_SECRET": "h",
    ]

    @Test func theFileTheEnvironmentAndTheDefaults() throws {
        let config = try ServiceConfig(yaml: Self.yaml, name: "service.yml", environment: Self.environment)
        #expect(
            config.host == "0.0.0.0" && config.port == 9000 && config.quietSeconds == 10
                && config.journal == "breakwater.journal"
        )
        #expect(config.operators.map(\.name) == ["alice"] && config.operators.map(\.token) == ["a-token"])
        #expect(config.alerts.map(\.kind) == [.pagerduty, .slack, .webhook])
        #expect(config.alerts[0].url == AlertTarget.pagerDutyEventsURL && config.alerts[0].minSeverity == .critical)
        #expect(config.alerts[1].url == "https://hooks.slack.example/x" && config.alerts[1].minSeverity == .warning)
        #expect(
            config.retry == RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1))
        )
        var overridden = Self.environment
        overridden["BREAKWATER_PORT"] = "9100"
        overridden["BREAKWATER_OPERATOR_TOKEN"] = "o-token"
        let over = try ServiceConfig(yaml: Self.yaml, name: "service.yml", environment: overridden)
        #expect(over.port == 9100 && over.operators.map(\.name) == ["alice", "operator"])
        let defaults = try ServiceConfig(environment: [:])
        #expect(defaults == ServiceConfig())
        #expect(defaults.journalSync == .full && defaults.maxFeedClients == 10_000)
        #expect(try ServiceConfig(yaml: "max_feed_clients: 50", name: "s.yml", environment: [:]).maxFeedClients == 50)
    }

    @Test func theJournalsSyncComesFromTheFileOrTheEnvironment() throws {
        #expect(try ServiceConfig(yaml: "journal_sync: normal", name: "s.yml", environment: [:]).journalSync == .normal)
        let environment = ["BREAKWATER_JOURNAL_SYNC": "full"]
        #expect(
            try ServiceConfig(yaml: "journal_sync: normal", name: "s.yml", environment: environment).journalSync
                == .full
        )
    }

    @Test func mistakesNameTheirKey() {
        let cases: [(String, [String: String], String)] = [
            ("prot: 1", [:], "prot: unknown key"),
            ("alerts:\n  - { name: x, kind: email, url: \"https://a\" }", [:], "alerts[0].kind"),
            (
                "alerts:\n  - { name: x, kind: slack, url: \"https://a\", min_severty: info }", [:],
                "alerts[0].min_severty: unknown key"
            ),
            ("alerts:\n  - { name: x, kind: webhook, url: \"https://a\" }", [:], "alerts[0].secret_env: missing"),
            ("alerts:\n  - { name: x, kind: slack, url: \"ftp://a\" }", [:], "alerts[0].url"),
            ("operators:\n  - { name: bob, token_env: BOB }", [:], "BOB is not set"),
            ("port: 0", [:], "port: must be from 1 to 65535"),
            ("port: eighty", [:], "port"),
            ("retry: { max_attempts: 0 }", [:], "retry.max_attempts"),
            (
                "operators:\n  - { name: \(String(repeating: "o", count: 129)), token_env: T }", ["T": "t"],
                "longer than 128 bytes"
            ),
            ("posts_per_second: 0", [:], "posts_per_second"),
            ("journal_sync: off", [:], "journal_sync: \"off\" is not normal or full"),
            ("max_feed_clients: 0", [:], "max_feed_clients: must be from 1 to 1000000"),
            ("", ["BREAKWATER_JOURNAL_SYNC": "extra"], "BREAKWATER_JOURNAL_SYNC: \"extra\" is not normal or full"),
            ("", ["BREAKWATER_PORT": "x"], "BREAKWATER_PORT"),
        ]
        for (yaml, environment, message) in cases {
            let error = #expect(throws: ServiceConfigError.self, "\(yaml)") {
                try ServiceConfig(yaml: yaml, name: "s.yml", environment: environment)
            }
            #expect(error?.message.contains(message) == true, "\(yaml): \(error?.message ?? "")")
        }
    }
}
