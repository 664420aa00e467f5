import BreakwaterCore
import BreakwaterFormats
import Foundation
import Testing

/// The docs name every threshold and signal the code has, so a new one cannot ship undocumented.
@Suite struct DocumentationTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    func text(_ name: String) throws -> String {
        try String(contentsOf: Self.docs.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func everyThresholdIsDocumented() throws {
        let detection = try text("detection.md")
        let config = try text("config.md")
        for threshold in Threshold.all {
            let short = threshold.key.replacingOccurrences(of: "policy.detectors.", with: "")
            let leaf = String(threshold.key.split(separator: ".").last!)
            let documented =
                detection.contains("`\(threshold.key)`") || detection.contains("`\(short)`")
                || config.contains("`\(threshold.key)`")
                || (threshold.key.hasPrefix("oracle.") || threshold.key.hasPrefix("policy.price_band.")
                    || threshold.key.hasPrefix("policy.outflow_limit.")) && config.contains("`\(leaf)`")
            #expect(documented, "\(threshold.key) is in no doc")
        }
    }

    @Test func everySignalKindIsDocumented() throws {
        let detection = try text("detection.md")
        let report = try text("replay-report.md")
        for kind in Signal.Kind.known {
            #expect(detection.contains("`\(kind.rawValue)`"), "\(kind) is not in detection.md")
            #expect(report.contains("`\(kind.rawValue)`"), "\(kind) is not in replay-report.md")
        }
    }

    @Test func everyRejectionOfTheEngineIsDocumented() throws {
        let events = try text("events.md")
        for code in [
            "price_not_valid", "pool_paused", "account_frozen", "liquidation_grace", "nothing_to_lift",
            "oracle_uncertain", "oracle_at_bound",
        ] {
            #expect(events.contains("`\(code)`"), "\(code) is not in events.md")
        }
    }
}
