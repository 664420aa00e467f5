/// A table of values as inline SVG: rows down, columns across, each cell shaded from dark (0) to light (1) and
/// labelled.
public struct SVGHeatMap: Sendable {
    /// One cell: its label and its shade, from 0 (darkest) to 1 (lightest).
    public struct Cell: Sendable {
        /// The text in the cell, and its tooltip.
        public var label: String
        /// From 0 (darkest) to 1 (lightest); a value outside is taken as the nearest bound.
        public var shade: Double

        /// A cell labelled `label`, shaded `shade`.
        public init(label: String, shade: Double) {
            self.label = label
            self.shade = shade
        }
    }

    /// The chart's title, for a screen reader and a tooltip.
    public var title: String
    /// The columns' names, across the top.
    public var columns: [String]
    /// The rows' names, down the left.
    public var rows: [String]
    /// By row, then column.
    public var cells: [[Cell]]

    /// - Parameters:
    ///   - title: the chart's title, for a screen reader and a tooltip.
    ///   - columns: the columns' names, across the top.
    ///   - rows: the rows' names, down the left.
    ///   - cells: the cells by row, then column.
    public init(title: String, columns: [String], rows: [String], cells: [[Cell]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }

    private static let (cellWidth, cellHeight, left, top) = (110.0, 44.0, 90.0, 40.0)

    /// The `<svg>` element.
    public func render() -> String {
        let (cellWidth, cellHeight, left, top) = (Self.cellWidth, Self.cellHeight, Self.left, Self.top)
        var canvas = SVGCanvas(
            width: left + cellWidth * Double(columns.count) + 10,
            height: top + cellHeight * Double(rows.count) + 30,
            title: title
        )
        for (column, name) in columns.enumerated() {
            canvas.text(name, x: left + cellWidth * (Double(column) + 0.5), y: top - 8, anchor: "middle", style: "tick")
        }
        for (row, name) in rows.enumerated() {
            let y = top + cellHeight * Double(row)
            canvas.text(name, x: left - 8, y: y + cellHeight / 2 + 4, anchor: "end", style: "tick")
            for (column, cell) in cells[row].enumerated() {
                let shade = Int(70 + 185 * Swift.min(1, Swift.max(0, cell.shade)))
                let x = left + cellWidth * Double(column)
                canvas.append(
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"rgb(255,\(shade),\(shade))\">"
                        + "<title>\(HTMLText.escaped(cell.label))</title></rect>"
                )
                canvas.text(
                    cell.label,
                    x: x + cellWidth / 2,
                    y: y + cellHeight / 2 + 4,
                    anchor: "middle",
                    style: "legend"
                )
            }
        }
        return canvas.render()
    }
}
