/// How the experiment reports write numbers and columns as text.
enum ReportText {
    /// `2`, `0.5`, `12.5`: a number without trailing zeros.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `text` padded with spaces to `width` on the left (numbers) or the right (labels).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let spaces = String(repeating: " ", count: Swift.max(right ? 1 : 0, width - text.count))
        return right ? text + spaces : spaces + text
    }
}
