import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterReportKit

/// A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel.
struct SlackMessage: Encodable {
    var text: String
    var blocks: [Block]

    struct Block: Encodable {
        var type: String
        var text: Text?
        var fields: [Text]?
    }

    struct Text: Encodable {
        var type: String
        var text: String

        static func plain(_ text: String) -> Text { Text(type: "plain_text", text: text) }
        static func markdown(_ text: String) -> Text { Text(type: "mrkdwn", text: Self.escaped(text)) }

        /// `text` with the three characters Slack's markup reserves escaped.
        static func escaped(_ text: String) -> String { HTMLText.escaped(text, quotes: false) }
    }

    init(_ alert: Alert) {
        let incident = alert.incident
        text = "Breakwater: " + Text.escaped(alert.summary)
        // Slack's limits: 150 characters in a header, 2,000 in a field, 3,000 in a section's text.
        var blocks = [
            Block(
                type: "header",
                text: .plain(String("\(incident.id) \(alert.state.rawValue): \(incident.kind)".prefix(150)))
            ),
            Block(
                type: "section",
                fields: [
                    .markdown("*Incident*\n\(incident.id)"),
                    .markdown("*Vector*\n\(incident.kind)"),
                    .markdown("*Scope*\n\(String(incident.scope.label.prefix(1_000)))"),
                    .markdown("*State*\n\(alert.state.rawValue)"),
                    .markdown("*Severity*\n\(alert.severity.rawValue)"),
                ]
            ),
        ]
        if let evidence = incident.signals.first?.evidence {
            blocks.append(Block(type: "section", text: .markdown("*Evidence*\n\(String(evidence.prefix(2_000)))")))
        }
        self.blocks = blocks
    }
}
