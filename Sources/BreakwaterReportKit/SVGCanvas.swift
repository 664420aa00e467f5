/// The markup every SVG chart is drawn with: the frame of a plot, its labels and its coordinates.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var markup: String

    /// A canvas of `width` × `height` units, titled `title` for a screen reader and a tooltip.
    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        markup =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        markup += "<title>\(HTMLText.escaped(title))</title>"
    }

    /// The plot's area: a light box from (`left`, `top`) to (`right`, `bottom`).
    mutating func frame(left: Double, top: Double, right: Double, bottom: Double) {
        markup +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(bottom - top)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
    }

    /// A label at (`x`, `y`) in the style `style` (`tick`, `legend`, `marker`), anchored `anchor`.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String? = nil, style: String) {
        let anchored = anchor.map { " text-anchor=\"\($0)\"" } ?? ""
        markup +=
            "<text x=\"\(Self.format(x))\" y=\"\(Self.format(y))\"\(anchored) class=\"\(style)\">\(HTMLText.escaped(text))</text>"
    }

    /// Raw markup: a path, a shape.
    mutating func append(_ element: String) { markup += element }

    /// The finished `<svg>` element.
    func render() -> String { markup + "</svg>" }

    /// A coordinate to a tenth of a unit, without a trailing `.0`.
    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
