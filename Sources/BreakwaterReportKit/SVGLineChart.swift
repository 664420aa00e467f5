/// Lines or steps over event time, as inline SVG: axes in UTC, and marker lines for the moments that matter (the
/// first anomalous event, detection, containment).
public struct SVGLineChart: Sendable {
    /// One line: points of (event time in milliseconds, value), drawn straight or as steps.
    public struct Series: Sendable {
        /// The series' name, in the legend and the line's tooltip.
        public var name: String
        /// (event time in milliseconds, value) pairs, in the order they are joined.
        public var points: [[Double]]
        /// Whether the line goes in steps (across, then up or down) rather than straight.
        public var steps: Bool

        /// - Parameters:
        ///   - name: the series' name, in the legend and the line's tooltip.
        ///   - points: (event time in milliseconds, value) pairs, in the order they are joined.
        ///   - steps: whether the line goes in steps rather than straight.
        public init(name: String, points: [[Double]], steps: Bool) {
            self.name = name
            self.points = points
            self.steps = steps
        }
    }

    /// A moment marked with a dashed line and a label.
    public struct Marker: Sendable {
        /// The moment, in milliseconds since the epoch.
        public var time: Int64
        /// The label; markers close together share one, their labels joined.
        public var label: String

        /// A marker at `time`, labelled `label`.
        public init(time: Int64, label: String) {
            self.time = time
            self.label = label
        }
    }

    /// The chart's title, for a screen reader and a tooltip.
    public var title: String
    /// The lines, colored in the order of ``palette``.
    public var series: [Series]
    /// The span of event time drawn, in milliseconds since the epoch.
    public var from: Int64
    /// The end of the span drawn, in milliseconds since the epoch.
    public var to: Int64
    /// The moments marked; those outside the span are not drawn.
    public var markers: [Marker]

    /// - Parameters:
    ///   - title: the chart's title, for a screen reader and a tooltip.
    ///   - series: the lines, colored in the order of ``palette``.
    ///   - from: the start of the span drawn, in milliseconds since the epoch.
    ///   - to: the end of the span drawn.
    ///   - markers: the moments to mark; those outside the span are not drawn.
    public init(title: String, series: [Series], from: Int64, to: Int64, markers: [Marker] = []) {
        self.title = title
        self.series = series
        self.from = from
        self.to = to
        self.markers = markers
    }

    /// The colors of the series, in order.
    public static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    ]

    private static let (width, height) = (760.0, 280.0)
    private static let (left, right, top, bottom) = (78.0, 16.0, 40.0, 28.0)

    /// The `<svg>` element.
    public func render() -> String {
        let (width, height, left, right, top, bottom) = (
            Self.width, Self.height, Self.left, Self.right, Self.top, Self.bottom
        )
        let values = series.flatMap { $0.points.map { $0[1] } }
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if high - low < 1e-12 {
            low -= 1
            high += 1
        }
        let span = Double(max(1, to - from))
        func x(_ time: Double) -> Double { left + (time - Double(from)) / span * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var canvas = SVGCanvas(width: width, height: height, title: title)
        canvas.frame(left: left, top: top, right: width - right, bottom: height - bottom)
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            canvas.text(NumberText.compact(value), x: left - 6, y: y(value) + 4, anchor: "end", style: "tick")
            let time = from + Int64(Double(to - from) * Double(tick) / 4)
            let anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle"
            canvas.text(
                String(TimeText.clock(time).prefix(8)),
                x: x(Double(time)),
                y: height - 8,
                anchor: anchor,
                style: "tick"
            )
        }
        // Markers closer than a label's width share one label.
        var labels: [(x: Double, text: String)] = []
        for marker in markers where marker.time >= from && marker.time <= to {
            let position = SVGCanvas.format(x(Double(marker.time)))
            canvas.append(
                "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>"
            )
            if let last = labels.last, x(Double(marker.time)) - last.x < 90 {
                labels[labels.count - 1].text += ", " + marker.label
            } else {
                labels.append((x(Double(marker.time)), marker.label))
            }
        }
        for label in labels { canvas.text(label.text, x: label.x + 3, y: top + 12, style: "marker") }
        for (index, line) in series.enumerated() where !line.points.isEmpty {
            let color = Self.palette[index % Self.palette.count]
            var path = ""
            for (position, point) in line.points.enumerated() {
                let (px, py) = (SVGCanvas.format(x(point[0])), SVGCanvas.format(y(point[1])))
                path += position == 0 ? "M\(px) \(py)" : line.steps ? " H\(px) V\(py)" : " L\(px) \(py)"
            }
            canvas.append(
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(line.steps ? 2 : 1.2)\"><title>\(HTMLText.escaped(line.name))</title></path>"
            )
            let (column, row) = (Double(index % 3), Double(index / 3))
            canvas.append(
                "<rect x=\"\(left + column * 225)\" y=\"\(4 + row * 12)\" width=\"10\" height=\"8\" fill=\"\(color)\"/>"
            )
            canvas.text(line.name, x: left + 14 + column * 225, y: 12 + row * 12, style: "legend")
        }
        return canvas.render()
    }
}
