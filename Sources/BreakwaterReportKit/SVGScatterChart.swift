/// A scatter plot as inline SVG: points with a tooltip each, some of them highlighted and joined (a frontier), and
/// values off the scale (`nil`) drawn on a band along the top.
public struct SVGScatterChart: Sendable {
    /// One point: where it is, its tooltip, and whether it is highlighted.
    public struct Point: Sendable {
        /// Its value on the horizontal axis.
        public var x: Double
        /// `nil`: off the scale, drawn on the top band labelled ``SVGScatterChart/offScale``.
        public var y: Double?
        /// Its tooltip.
        public var label: String
        /// Whether it is drawn larger and in red, joined to the other highlighted points.
        public var highlighted: Bool

        /// - Parameters:
        ///   - x: its value on the horizontal axis.
        ///   - y: its value on the vertical axis; `nil` when off the scale.
        ///   - label: its tooltip.
        ///   - highlighted: whether it is drawn larger and in red, joined to the other highlighted points.
        public init(x: Double, y: Double?, label: String, highlighted: Bool) {
            self.x = x
            self.y = y
            self.label = label
            self.highlighted = highlighted
        }
    }

    /// The chart's title, for a screen reader and a tooltip.
    public var title: String
    /// The name of the horizontal axis, under it.
    public var xLabel: String
    /// The name of the vertical axis, above it.
    public var yLabel: String
    /// The label of the top band, where the points with no `y` are drawn.
    public var offScale: String
    /// The points; the highlighted ones are drawn last, over the others.
    public var points: [Point]

    /// - Parameters:
    ///   - title: the chart's title, for a screen reader and a tooltip.
    ///   - xLabel: the name of the horizontal axis.
    ///   - yLabel: the name of the vertical axis.
    ///   - offScale: the label of the top band, where the points with no `y` are drawn.
    ///   - points: the points.
    public init(title: String, xLabel: String, yLabel: String, offScale: String = "never", points: [Point]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.offScale = offScale
        self.points = points
    }

    private static let (width, height) = (760.0, 360.0)
    private static let (left, right, top, bottom) = (70.0, 16.0, 34.0, 40.0)

    /// The `<svg>` element.
    public func render() -> String {
        let (width, height, left, right, top, bottom) = (
            Self.width, Self.height, Self.left, Self.right, Self.top, Self.bottom
        )
        let (xLow, xHigh) = Self.range(points.map(\.x))
        let (yLow, yHigh) = Self.range(points.compactMap(\.y))
        let plotTop = top + 18
        func x(_ value: Double) -> Double { left + (value - xLow) / (xHigh - xLow) * (width - left - right) }
        func y(_ value: Double?) -> Double {
            guard let value else { return top + 6 }
            return plotTop + (yHigh - value) / (yHigh - yLow) * (height - plotTop - bottom)
        }
        var canvas = SVGCanvas(width: width, height: height, title: title)
        canvas.frame(left: left, top: plotTop, right: width - right, bottom: height - bottom)
        if points.contains(where: { $0.y == nil }) {
            canvas.text(offScale, x: left - 6, y: top + 10, anchor: "end", style: "tick")
        }
        for tick in 0...4 {
            let yValue = yLow + (yHigh - yLow) * Double(tick) / 4
            canvas.text(NumberText.compact(yValue), x: left - 6, y: y(yValue) + 4, anchor: "end", style: "tick")
            let xValue = xLow + (xHigh - xLow) * Double(tick) / 4
            canvas.text(
                NumberText.compact(xValue),
                x: x(xValue),
                y: height - bottom + 14,
                anchor: "middle",
                style: "tick"
            )
        }
        canvas.text(xLabel, x: (left + width - right) / 2, y: height - 6, anchor: "middle", style: "legend")
        canvas.text(yLabel, x: left, y: 14, style: "legend")
        let frontier = points.filter(\.highlighted).sorted { ($0.x, $0.y ?? .infinity) < ($1.x, $1.y ?? .infinity) }
        if frontier.count > 1 {
            let path = frontier.enumerated().map {
                "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.format(x($0.element.x))) \(SVGCanvas.format(y($0.element.y)))"
            }
            canvas.append(
                "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>"
            )
        }
        for point in points.sorted(by: { !$0.highlighted && $1.highlighted }) {
            let color = point.highlighted ? "#d62728" : "#1f77b4"
            canvas.append(
                "<circle cx=\"\(SVGCanvas.format(x(point.x)))\" cy=\"\(SVGCanvas.format(y(point.y)))\" r=\"\(point.highlighted ? 4.5 : 3)\" "
                    + "fill=\"\(color)\" fill-opacity=\"\(point.highlighted ? 1 : 0.45)\"><title>\(HTMLText.escaped(point.label))</title></circle>"
            )
        }
        return canvas.render()
    }

    /// A range with room around it, never empty.
    private static func range(_ values: [Double]) -> (Double, Double) {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let pad = high - low < 1e-9 ? 1 : (high - low) * 0.05
        return (Swift.min(0, low), high + pad)
    }
}
