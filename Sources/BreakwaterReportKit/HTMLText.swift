/// Text made safe for markup.
public enum HTMLText {
    /// `text` with `&`, `<` and `>` escaped, and `"` too unless `quotes` is `false`: for HTML and SVG text and
    /// attributes, and (without quotes) for Slack's markup, which reserves the other three only.
    public static func escaped(_ text: String, quotes: Bool = true) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
