import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterReportKit

/// A PagerDuty Events API v2 event: `trigger` when an incident opens, `resolve` when it is resolved, both on the
/// incident's dedup key so that they meet in one PagerDuty incident.
struct PagerDutyEvent: Encodable {
    var routingKey: String
    var eventAction: String
    var dedupKey: String
    /// What the page says: PagerDuty needs it to trigger, not to resolve.
    var payload: Payload?

    enum CodingKeys: String, CodingKey {
        case payload
        case routingKey = "routing_key"
        case eventAction = "event_action"
        case dedupKey = "dedup_key"
    }

    struct Payload: Encodable {
        /// At most 1,024 characters.
        var summary: String
        var source = "breakwater"
        /// `critical`, `warning` or `info`: PagerDuty's names for the same levels.
        var severity: String
        /// When the incident was detected, in RFC 3339.
        var timestamp: String
        /// The incident's scope.
        var component: String
        var customDetails: Details

        enum CodingKeys: String, CodingKey {
            case summary, source, severity, timestamp, component
            case customDetails = "custom_details"
        }
    }

    struct Details: Encodable {
        var incident: String
        var vector: String
        var state: String
        /// The first signal's evidence.
        var evidence: String?
        var accounts: [String]
        var signals: Int
        var containedAt: Int64?

        enum CodingKeys: String, CodingKey {
            case incident, vector, state, evidence, accounts, signals
            case containedAt = "contained_at"
        }
    }

    init(_ alert: Alert, routingKey: String) {
        let incident = alert.incident
        self.routingKey = routingKey
        // A failed action is an alert of its own, which pages even when the incident's is acknowledged.
        dedupKey = alert.state == .actionFailed ? alert.deliveryID : incident.dedupKey
        guard alert.state != .resolved else {
            eventAction = "resolve"
            payload = nil
            return
        }
        eventAction = "trigger"
        payload = Payload(
            summary: String(alert.summary.prefix(1_024)),
            severity: alert.severity.rawValue,
            timestamp: TimeText.utc(incident.detectedAt),
            component: incident.scope.label,
            customDetails: Details(
                incident: incident.id,
                vector: incident.kind,
                state: alert.state.rawValue,
                evidence: incident.signals.first?.evidence,
                accounts: incident.accounts,
                signals: incident.signals.count,
                containedAt: incident.containedAt
            )
        )
    }
}
