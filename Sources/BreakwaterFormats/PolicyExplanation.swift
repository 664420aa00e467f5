public import BreakwaterCore
import Foundation

/// The effective policy of a config: every threshold with its value and where the value came from, and the
/// response table. What `breakwater policy explain` prints.
public struct PolicyExplanation: Codable, Sendable, Hashable {
    public var config: String
    public var thresholds: [Entry]
    public var responses: Responses

    public struct Entry: Codable, Sendable, Hashable {
        public var key: String
        /// As YAML would write it.
        public var value: String
        /// `default` or `config`.
        public var source: String
        public var meaning: String
    }

    public struct Responses: Codable, Sendable, Hashable {
        public var source: String
        public var rules: [Rule]
    }

    public struct Rule: Codable, Sendable, Hashable {
        public var signal: String
        public var severity: String
        public var action: String
        public var durationMs: Int64?
        public var exits: String?

        enum CodingKeys: String, CodingKey {
            case signal, severity, action, exits
            case durationMs = "duration_ms"
        }
    }

    /// Explains a config loaded from `yaml` (the embedded default when the caller has no file).
    public init(config: ProtocolConfig, yaml: String) {
        let explicit = ConfigLoader.explicitKeys(yaml: yaml)
        self.config = config.name
        thresholds = Threshold.all.map { threshold in
            Entry(
                key: threshold.key,
                value: threshold.value(in: config),
                source: explicit.thresholds.contains(threshold.key) ? "config" : "default",
                meaning: threshold.meaning
            )
        }
        responses = Responses(
            source: explicit.responses ? "config" : "default",
            rules: config.policy.responses.map { rule in
                Rule(
                    signal: rule.signal.rawValue,
                    severity: rule.minimumSeverity.rawValue,
                    action: rule.response.rawValue,
                    durationMs: rule.durationMilliseconds,
                    exits: rule.response.isPause ? (rule.blocksExits ? "blocked" : "allowed") : nil
                )
            }
        )
    }

    /// Aligned columns: key, value, source, meaning; then the response table.
    public func text() -> String {
        let keyWidth = thresholds.map(\.key.count).max() ?? 0
        let valueWidth = thresholds.map(\.value.count).max() ?? 0
        var lines = ["Effective policy of \(config) (every threshold, its value, and whether the config set it):", ""]
        for entry in thresholds {
            lines.append(
                "  " + entry.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                    + entry.value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) + "  "
                    + entry.source.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + entry.meaning
            )
        }
        lines += [
            "",
            "Responses (\(responses.source) table; every rule a signal matches acts; only governance lifts a pause):",
        ]
        for rule in responses.rules {
            let lasting =
                rule.durationMs.map { "for \($0) ms" } ?? "until governance unpauses, exits \(rule.exits ?? "allowed")"
            lines.append("  \(rule.signal) at \(rule.severity) or above → \(rule.action) \(lasting)")
        }
        if responses.rules.isEmpty { lines.append("  none: signals are reported, nothing is done about them") }
        return lines.joined(separator: "\n")
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
