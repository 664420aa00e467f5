import Foundation

/// The JSON of the reports: pretty-printed with sorted keys, so the same report always gives the same bytes.
public enum ReportJSON {
    /// `value` as JSON text. The reports hold strings, integers, finite doubles and optionals: encoding cannot fail.
    public static func text(of value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `value` as one line of JSON with sorted keys: a Server-Sent Event's data, a log field.
    public static func line(of value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
