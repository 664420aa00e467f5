public import BreakwaterCore
import BreakwaterEngine

/// Where alerts go, and which ones: the incidents at or above ``minSeverity``.
public struct AlertTarget: Sendable, Hashable, CustomStringConvertible {
    /// The service at the other end, which decides the shape of the message.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A JSON POST, signed with HMAC-SHA256 over its body in `X-Breakwater-Signature` when it has a secret.
        case webhook
        /// A Slack incoming webhook.
        case slack
        /// PagerDuty Events API v2: one page when an incident opens, resolved when it is.
        case pagerduty
    }

    /// PagerDuty's Events API v2 endpoint, the usual ``url`` of a `pagerduty` target.
    public static let pagerDutyEventsURL = "https://events.pagerduty.com/v2/enqueue"

    /// How logs and dead letters name the target.
    public var name: String
    /// The service at the other end, which decides the shape of the message.
    public var kind: Kind
    /// Where alerts are POSTed. It may hold a secret (a Slack webhook's path, a token in the query): it is never
    /// logged nor put in a dead letter.
    public var url: String
    /// The HMAC key of a `webhook` target, the routing key of a `pagerduty` one; `slack` has none.
    public var secret: String?
    /// The least severity of the incidents the target gets.
    public var minSeverity: Signal.Severity

    /// - Parameters:
    ///   - name: how logs and dead letters name the target.
    ///   - kind: the service at the other end.
    ///   - url: where alerts are POSTed (``pagerDutyEventsURL`` for PagerDuty).
    ///   - secret: the HMAC key of a webhook, the routing key of PagerDuty.
    ///   - minSeverity: the least severity of the incidents the target gets.
    public init(name: String, kind: Kind, url: String, secret: String? = nil, minSeverity: Signal.Severity = .warning) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.minSeverity = minSeverity
    }

    /// `webhook target ops`: never the URL or the secret.
    public var description: String { "\(kind.rawValue) target \(name)" }

    /// Whether the target hears of `state`: PagerDuty pages when an incident opens and when the chain did not carry
    /// out one of its actions, and resolves the incident's page when it is resolved; the others hear every step.
    func takes(_ state: IncidentStep.Kind) -> Bool {
        kind != .pagerduty || state == .opened || state == .resolved || state == .actionFailed
    }
}
