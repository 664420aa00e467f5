import BreakwaterForensics

/// A scatter plot as inline SVG, for experiment reports: points with a tooltip each, some of them highlighted and
/// joined (a frontier), and values off the scale (`nil`) drawn on a band along the top.
struct ScatterChart {
    struct Point {
        var x: Double
        /// `nil`: off the scale, drawn on the top band labelled ``offScale``.
        var y: Double?
        var label: String
        var highlighted: Bool
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var offScale = "never"
    var points: [Point]

    private let width = 760.0
    private let height = 360.0
    private let left = 70.0
    private let right = 16.0
    private let top = 34.0
    private let bottom = 40.0

    func render() -> String {
        let xs = points.map(\.x)
        let ys = points.compactMap(\.y)
        let (xLow, xHigh) = Self.range(xs)
        let (yLow, yHigh) = Self.range(ys)
        let plotTop = top + 18
        func x(_ value: Double) -> Double { left + (value - xLow) / (xHigh - xLow) * (width - left - right) }
        func y(_ value: Double?) -> Double {
            guard let value else { return top + 6 }
            return plotTop + (yHigh - value) / (yHigh - yLow) * (height - plotTop - bottom)
        }
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<title>\(SVGChart.escaped(title))</title>"
        svg += "<rect x=\"\(left)\" y=\"\(plotTop)\" width=\"\(width - left - right)\" height=\"\(height - plotTop - bottom)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        if points.contains(where: { $0.y == nil }) {
            svg += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" text-anchor=\"end\" class=\"tick\">\(SVGChart.escaped(offScale))</text>"
        }
        for tick in 0 ... 4 {
            let yValue = yLow + (yHigh - yLow) * Double(tick) / 4
            svg += "<text x=\"\(left - 6)\" y=\"\(Self.format(y(yValue) + 4))\" text-anchor=\"end\" class=\"tick\">\(SVGChart.compact(yValue))</text>"
            let xValue = xLow + (xHigh - xLow) * Double(tick) / 4
            svg += "<text x=\"\(Self.format(x(xValue)))\" y=\"\(height - bottom + 14)\" text-anchor=\"middle\" class=\"tick\">\(SVGChart.compact(xValue))</text>"
        }
        svg += "<text x=\"\((left + width - right) / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\" class=\"legend\">\(SVGChart.escaped(xLabel))</text>"
        svg += "<text x=\"\(left)\" y=\"14\" class=\"legend\">\(SVGChart.escaped(yLabel))</text>"
        let frontier = points.filter(\.highlighted).sorted { ($0.x, $0.y ?? .infinity) < ($1.x, $1.y ?? .infinity) }
        if frontier.count > 1 {
            let path = frontier.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(Self.format(x($0.element.x))) \(Self.format(y($0.element.y)))" }
            svg += "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>"
        }
        for point in points.sorted(by: { !$0.highlighted && $1.highlighted }) {
            let color = point.highlighted ? "#d62728" : "#1f77b4"
            svg += "<circle cx=\"\(Self.format(x(point.x)))\" cy=\"\(Self.format(y(point.y)))\" r=\"\(point.highlighted ? 4.5 : 3)\" fill=\"\(color)\" fill-opacity=\"\(point.highlighted ? 1 : 0.45)\">"
            svg += "<title>\(SVGChart.escaped(point.label))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// A range with room around it, never empty.
    private static func range(_ values: [Double]) -> (Double, Double) {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let pad = high - low < 1e-9 ? 1 : (high - low) * 0.05
        return (Swift.min(0, low), high + pad)
    }

    private static func format(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
