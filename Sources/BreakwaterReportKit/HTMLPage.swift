/// A self-contained HTML page: inline style, SVG and script, nothing fetched (not even an icon). Every report page
/// and the service's status page is one.
public struct HTMLPage: Sendable {
    /// The page's title, as text (it is escaped).
    public var title: String
    /// The page's body, as markup.
    public var body: String
    /// Rules added after ``baseStyle``.
    public var style: String
    /// An optional script, run at the end of the body; the page must read the same without it.
    public var script: String?

    /// - Parameters:
    ///   - title: the page's title, as text.
    ///   - body: the page's body, as markup.
    ///   - style: rules added after ``baseStyle``.
    ///   - script: an optional script, run at the end of the body.
    public init(title: String, body: String, style: String = "", script: String? = nil) {
        self.title = title
        self.body = body
        self.style = style
        self.script = script
    }

    /// What every report page looks like: the text, the tables and the charts.
    public static let baseStyle = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
        table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}figure{margin:1em 0}figcaption{font-weight:600}svg.chart{width:100%;height:auto;max-width:960px}
        .tick,.legend,.marker{font-size:11px;fill:#444}.marker{fill:#d62728}
        """

    /// The whole document, ending with a newline.
    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escaped(title))</title><link rel="icon" href="data:,">
        <style>\(Self.baseStyle)
        \(style)</style></head>
        <body>\(body)\(script.map { "<script>\($0)</script>" } ?? "")</body></html>

        """
    }
}
