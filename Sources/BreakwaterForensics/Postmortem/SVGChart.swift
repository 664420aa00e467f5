/// Draws a ``PostmortemReport/LineChart`` as inline SVG: lines or steps over event time, axes in UTC, and marker
/// lines for the moments that matter (first anomalous event, detection, containment).
public struct SVGChart {
    let chart: PostmortemReport.LineChart
    let from: Int64
    let to: Int64
    let markers: [(ts: Int64, label: String)]

    private let width = 760.0
    private let height = 280.0
    private let left = 78.0
    private let right = 16.0
    private let top = 40.0
    private let bottom = 28.0
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    func render() -> String {
        let values = chart.series.flatMap { $0.points.map { $0[1] } }
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if high - low < 1e-12 {
            low -= 1
            high += 1
        }
        let span = Double(max(1, to - from))
        func x(_ ts: Double) -> Double { left + (ts - Double(from)) / span * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<title>\(Self.escaped(chart.title))</title>"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(width - left - right)\" height=\"\(height - top - bottom)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for tick in 0 ... 4 {
            let value = low + (high - low) * Double(tick) / 4
            svg += "<text x=\"\(left - 6)\" y=\"\(Self.format(y(value) + 4))\" text-anchor=\"end\" class=\"tick\">\(Self.compact(value))</text>"
            let ts = from + Int64(Double(to - from) * Double(tick) / 4)
            let anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle"
            svg += "<text x=\"\(Self.format(x(Double(ts))))\" y=\"\(height - 8)\" text-anchor=\"\(anchor)\" class=\"tick\">\(ReplayReport.clock(ts).prefix(8))</text>"
        }
        // Markers closer than a label's width share one label.
        var labels: [(x: Double, text: String)] = []
        for marker in markers where marker.ts >= from && marker.ts <= to {
            let position = x(Double(marker.ts))
            svg += "<line x1=\"\(Self.format(position))\" x2=\"\(Self.format(position))\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>"
            if let last = labels.last, position - last.x < 90 {
                labels[labels.count - 1].text += ", " + marker.label
            } else {
                labels.append((position, marker.label))
            }
        }
        for label in labels {
            svg += "<text x=\"\(Self.format(label.x + 3))\" y=\"\(top + 12)\" class=\"marker\">\(Self.escaped(label.text))</text>"
        }
        for (index, series) in chart.series.enumerated() where !series.points.isEmpty {
            let color = Self.palette[index % Self.palette.count]
            var path = ""
            for (position, point) in series.points.enumerated() {
                let (px, py) = (Self.format(x(point[0])), Self.format(y(point[1])))
                path += position == 0 ? "M\(px) \(py)" : series.steps ? " H\(px) V\(py)" : " L\(px) \(py)"
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(series.steps ? 2 : 1.2)\"><title>\(Self.escaped(series.name))</title></path>"
            svg += "<rect x=\"\(left + Double(index % 3) * 225)\" y=\"\(4 + Double(index / 3) * 12)\" width=\"10\" height=\"8\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(left + 14 + Double(index % 3) * 225)\" y=\"\(12 + Double(index / 3) * 12)\" class=\"legend\">\(Self.escaped(series.name))</text>"
        }
        return svg + "</svg>"
    }

    public static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Coordinates to a tenth of a unit.
    private static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// `12.9M`, `3.4k`, `0.0446`: an axis label.
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
}
