/// Numbers and columns as the reports write them in text.
public enum NumberText {
    /// `2`, `0.5`, `12.5`: a number without trailing zeros.
    public static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `12.9M`, `3.4k`, `0.0446`: a number for an axis label or a summary.
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        func rounded(_ number: Double, _ places: Double) -> String {
            let scale = places == 0 ? 1 : places == 1 ? 10.0 : places == 2 ? 100.0 : 10_000.0
            let text = String((number * scale).rounded() / scale)
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        if magnitude >= 1e9 { return rounded(value / 1e9, 1) + "B" }
        if magnitude >= 1e6 { return rounded(value / 1e6, 1) + "M" }
        if magnitude >= 1e3 { return rounded(value / 1e3, 1) + "k" }
        if magnitude >= 1 || magnitude == 0 { return rounded(value, 2) }
        return rounded(value, 4)
    }

    /// `text` padded with spaces to `width` on the left (numbers) or the right (labels).
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let spaces = String(repeating: " ", count: Swift.max(right ? 1 : 0, width - text.count))
        return right ? text + spaces : spaces + text
    }

    /// `text` as one CSV field: quoted when it holds a comma, a quote or a newline (RFC 4180).
    public static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }
}
