import BreakwaterPipeline
import BreakwaterReportKit

/// An alert as its target takes it: the headers and the JSON body to POST.
struct AlertRequest: Sendable {
    var headers: [(String, String)]
    var body: [UInt8]

    init(_ alert: Alert, for target: AlertTarget) {
        var headers = [("Content-Type", "application/json"), ("User-Agent", "breakwater")]
        let body: [UInt8]
        switch target.kind {
        case .webhook:
            body = Self.json(WebhookPayload(alert))
            if let secret = target.secret {
                headers.append(("X-Breakwater-Signature", WebhookPayload.signature(of: body, secret: secret)))
            }
            headers.append(("X-Breakwater-Delivery", alert.deliveryID))
        case .slack:
            body = Self.json(SlackMessage(alert))
        case .pagerduty:
            body = Self.json(PagerDutyEvent(alert, routingKey: target.secret ?? ""))
        }
        self.headers = headers
        self.body = body
    }

    private static func json(_ value: some Encodable) -> [UInt8] { Array(ReportJSON.line(of: value).utf8) }
}
