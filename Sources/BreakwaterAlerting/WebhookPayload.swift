import BreakwaterCore
import BreakwaterPipeline
import Crypto
import Foundation

/// The JSON body of a `webhook` alert, and the signature of its bytes.
struct WebhookPayload: Encodable {
    /// `incident.opened`, `incident.contained`, …
    var event: String
    var dedupKey: String
    var severity: Signal.Severity
    var summary: String
    /// The incident as the report and the API give it.
    var incident: ReplayReport.IncidentEntry

    enum CodingKeys: String, CodingKey {
        case event, severity, summary, incident
        case dedupKey = "dedup_key"
    }

    init(_ alert: Alert) {
        event = alert.event
        dedupKey = alert.incident.dedupKey
        severity = alert.severity
        summary = alert.summary
        incident = alert.incident
    }

    /// The `X-Breakwater-Signature` header of `body`: `sha256=` and the lowercase hex of its HMAC-SHA256 keyed with
    /// `secret`.
    static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in code {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return "sha256=" + String(decoding: hex, as: UTF8.self)
    }
}
