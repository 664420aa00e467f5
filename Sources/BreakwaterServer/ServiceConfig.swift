public import BreakwaterAlerting
import BreakwaterCore
import BreakwaterFormats
public import BreakwaterStorage

/// How `breakwater run` runs: where it listens, its journal, when the source counts as quiet, its operators and
/// its alert targets (`docs/service.md`). Read from a YAML file (`--service-config`), then overridden by the
/// environment, then by the command line.
///
/// Secrets are never in the file: it names the environment variables that hold them (`token_env`, `secret_env`,
/// `url_env`), so the file can be committed and a secret never reaches a log, a response or the journal.
public struct ServiceConfig: Sendable, Equatable {
    /// The address the HTTP server listens on (`BREAKWATER_HOST`).
    public var host = "127.0.0.1"
    /// The port it listens on, from 1 to 65535 (`BREAKWATER_PORT`).
    public var port = 8080
    /// The journal's SQLite file (`BREAKWATER_JOURNAL`).
    public var journal = "breakwater.journal"
    /// How hard each journal batch is pushed to the disk (`BREAKWATER_JOURNAL_SYNC`): `full` survives a power loss.
    public var journalSync = JournalSync.default
    /// Seconds without an event before the source counts as quiet, at least 1 (`BREAKWATER_QUIET_SECONDS`).
    public var quietSeconds = 30
    /// The most clients the live feed follows at once; one more is answered 503.
    public var maxFeedClients = 10_000
    /// Signed governance lines taken by `POST` per second, for the whole service (bursts of ten times it).
    public var postsPerSecond = 20
    /// Each operator's name and bearer token.
    public var operators: [Operator] = []
    /// Where alerts go; with none, nothing is alerted.
    public var alerts: [AlertTarget] = []
    /// How a failed alert delivery is tried again.
    public var retry = RetryPolicy()

    /// The defaults: no operators, no alert targets.
    public init() {}

    /// A person who may acknowledge and comment on incidents, with a bearer token.
    public struct Operator: Sendable, Equatable {
        /// The operator's name: the author of the notes they write.
        public var name: String
        /// The bearer token, from the environment.
        public var token: String
    }

    /// The config in `yaml` (named `name` in errors), with the environment's secrets and overrides.
    ///
    /// - Throws: ``ServiceConfigError`` naming the key that is wrong, or the variable that is missing.
    public init(yaml: String, name: String, environment: [String: String]) throws(ServiceConfigError) {
        let file: File
        do {
            file =
                try StrictYAML.compose(yaml).map { node throws(ConfigError) in
                    try StrictYAML.decode(File.self, from: node, allowedKeys: File.allowedKeys)
                } ?? File()
        } catch {
            throw ServiceConfigError("\(name): " + error.issues.map(\.description).joined(separator: "; "))
        }
        try self.init(file, environment: environment)
    }

    /// The defaults with the environment's overrides: no file.
    public init(environment: [String: String]) throws(ServiceConfigError) {
        try self.init(File(), environment: environment)
    }

    private init(_ file: File, environment: [String: String]) throws(ServiceConfigError) {
        func secret(_ variable: String?, _ key: String) throws(ServiceConfigError) -> String? {
            guard let variable else { return nil }
            guard let value = environment[variable], !value.isEmpty else {
                throw ServiceConfigError("\(key): the environment variable \(variable) is not set")
            }
            return value
        }
        host = environment["BREAKWATER_HOST"] ?? file.host ?? host
        port = try Self.number(environment["BREAKWATER_PORT"], "BREAKWATER_PORT") ?? file.port ?? port
        journal = environment["BREAKWATER_JOURNAL"] ?? file.journal ?? journal
        if let name = environment["BREAKWATER_JOURNAL_SYNC"] ?? file.journalSync {
            guard let sync = JournalSync(rawValue: name) else {
                let key = environment["BREAKWATER_JOURNAL_SYNC"] != nil ? "BREAKWATER_JOURNAL_SYNC" : "journal_sync"
                throw ServiceConfigError("\(key): \"\(name)\" is not normal or full")
            }
            journalSync = sync
        }
        quietSeconds =
            try Self.number(environment["BREAKWATER_QUIET_SECONDS"], "BREAKWATER_QUIET_SECONDS") ?? file.quietSeconds
            ?? quietSeconds
        postsPerSecond = file.postsPerSecond ?? postsPerSecond
        maxFeedClients = file.maxFeedClients ?? maxFeedClients
        for (index, entry) in (file.operators ?? []).enumerated() {
            guard let token = try secret(entry.tokenEnv, "operators[\(index)].token_env") else {
                throw ServiceConfigError(
                    "operators[\(index)].token_env: missing (the variable holding the operator's token)"
                )
            }
            operators.append(Operator(name: entry.name, token: token))
        }
        if let token = environment["BREAKWATER_OPERATOR_TOKEN"], !token.isEmpty {
            operators.append(Operator(name: "operator", token: token))
        }
        for (index, entry) in (file.alerts ?? []).enumerated() {
            let key = "alerts[\(index)]"
            guard let kind = AlertTarget.Kind(rawValue: entry.kind) else {
                throw ServiceConfigError("\(key).kind: \"\(entry.kind)\" is not webhook, slack or pagerduty")
            }
            let severityName = entry.minSeverity ?? "warning"
            guard let severity = Signal.Severity(rawValue: severityName) else {
                throw ServiceConfigError("\(key).min_severity: \"\(severityName)\" is not info, warning or critical")
            }
            let url =
                try secret(entry.urlEnv, "\(key).url_env") ?? entry.url
                ?? (kind == .pagerduty ? AlertTarget.pagerDutyEventsURL : nil)
            guard let url, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ServiceConfigError("\(key).url: an http or https address is needed (or url_env)")
            }
            let targetSecret = try secret(entry.secretEnv, "\(key).secret_env")
            if kind != .slack && targetSecret == nil {
                let what = kind == .pagerduty ? "the routing key" : "the HMAC secret"
                throw ServiceConfigError("\(key).secret_env: missing (the variable holding \(what))")
            }
            alerts.append(
                AlertTarget(name: entry.name, kind: kind, url: url, secret: targetSecret, minSeverity: severity)
            )
        }
        if let retry = file.retry {
            let attempts = retry.maxAttempts ?? self.retry.maxAttempts
            let initial = retry.initialBackoffMs ?? 500
            let maximum = retry.maxBackoffMs ?? 30_000
            guard (1...20).contains(attempts) else {
                throw ServiceConfigError("retry.max_attempts: must be from 1 to 20")
            }
            guard initial >= 0, maximum >= initial else {
                throw ServiceConfigError("retry: the backoffs must be positive, the initial one at most the maximum")
            }
            self.retry = RetryPolicy(
                maxAttempts: attempts,
                initialBackoff: .milliseconds(initial),
                maxBackoff: .milliseconds(maximum)
            )
        }
        try validate()
    }

    private func validate() throws(ServiceConfigError) {
        guard (1...65_535).contains(port) else { throw ServiceConfigError("port: must be from 1 to 65535") }
        guard quietSeconds >= 1 else { throw ServiceConfigError("quiet_seconds: must be at least 1") }
        guard (1...100_000).contains(postsPerSecond) else {
            throw ServiceConfigError("posts_per_second: must be from 1 to 100000")
        }
        guard (1...1_000_000).contains(maxFeedClients) else {
            throw ServiceConfigError("max_feed_clients: must be from 1 to 1000000")
        }
        let names = operators.map(\.name) + alerts.map(\.name)
        if names.contains(where: \.isEmpty) { throw ServiceConfigError("a name is empty") }
        // An operator's name is the author of the notes they write.
        if let long = operators.first(where: { $0.name.utf8.count > Note.maximumAuthorBytes }) {
            throw ServiceConfigError(
                "operators: the name \"\(long.name.prefix(20))…\" is longer than \(Note.maximumAuthorBytes) bytes"
            )
        }
    }

    private static func number(_ text: String?, _ variable: String) throws(ServiceConfigError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw ServiceConfigError("\(variable): \"\(text)\" is not a whole number") }
        return value
    }

    /// The file as written: every key optional.
    private struct File: Decodable {
        var host: String?
        var port: Int?
        var journal: String?
        var journalSync: String?
        var quietSeconds: Int?
        var postsPerSecond: Int?
        var maxFeedClients: Int?
        var operators: [OperatorEntry]?
        var alerts: [AlertEntry]?
        var retry: RetryEntry?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, journal, operators, alerts, retry
            case journalSync = "journal_sync"
            case quietSeconds = "quiet_seconds"
            case postsPerSecond = "posts_per_second"
            case maxFeedClients = "max_feed_clients"
        }

        static let allowedKeys = [
            "": StrictYAML.keys(CodingKeys.self),
            "operators[]": StrictYAML.keys(OperatorEntry.CodingKeys.self),
            "alerts[]": StrictYAML.keys(AlertEntry.CodingKeys.self),
            "retry": StrictYAML.keys(RetryEntry.CodingKeys.self),
        ]
    }

    private struct OperatorEntry: Decodable {
        var name: String
        var tokenEnv: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name
            case tokenEnv = "token_env"
        }
    }

    private struct AlertEntry: Decodable {
        var name: String
        var kind: String
        var url: String?
        var urlEnv: String?
        var secretEnv: String?
        var minSeverity: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, kind, url
            case urlEnv = "url_env"
            case secretEnv = "secret_env"
            case minSeverity = "min_severity"
        }
    }

    private struct RetryEntry: Decodable {
        var maxAttempts: Int?
        var initialBackoffMs: Int?
        var maxBackoffMs: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxAttempts = "max_attempts"
            case initialBackoffMs = "initial_backoff_ms"
            case maxBackoffMs = "max_backoff_ms"
        }
    }
}

/// A service config that cannot be used, with the key or variable at fault.
public struct ServiceConfigError: Error, Sendable, CustomStringConvertible {
    /// A sentence for a person, naming the key or variable at fault.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The ``message``.
    public var description: String { message }
}
