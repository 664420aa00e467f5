import BreakwaterCore

/// A price path through historical bars (open, high, low, close), at the feeds' cadence.
///
/// Within each bar the path runs from the open to the bar's first extreme, to its second, to the close, each leg a
/// seeded Brownian bridge in log price held inside the bar's low and high; which extreme comes first, and when,
/// are drawn from the seed. So an hourly file becomes a path that touches every bar's open, high, low and close
/// exactly, and wanders realistically between them.
public struct BarPath: Sendable {
    public struct Bar: Sendable, Hashable {
        /// When the bar opens, in milliseconds since the epoch.
        public var openTime: Int64
        public var open: Double
        public var high: Double
        public var low: Double
        public var close: Double

        public init(openTime: Int64, open: Double, high: Double, low: Double, close: Double) {
            self.openTime = openTime
            self.open = open
            self.high = high
            self.low = low
            self.close = close
        }
    }

    /// Why a bar file could not be read.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let bars: [Bar]
    /// The bars' length: the gap between the first two (one hour for an hourly file).
    public let barMilliseconds: Int64

    /// Reads a CSV of bars: a header naming the columns, then one bar a line, oldest first.
    ///
    /// - Parameters:
    ///   - time: the column holding each bar's open time, in units of `timeScale` milliseconds since the epoch
    ///     (1 for milliseconds, 1,000 for seconds).
    ///   - open, high, low, close: the price columns.
    /// - Throws: ``FileError`` naming the line and column that is missing or not a number, or bars out of order.
    public init(
        csv text: String,
        time: String = "open_time_ms",
        timeScale: Int64 = 1,
        open: String = "open",
        high: String = "high",
        low: String = "low",
        close: String = "close"
    ) throws(FileError) {
        let rows = try Self.rows(of: text, columns: [time, open, high, low, close])
        var bars: [Bar] = []
        for (line, row) in rows {
            let bar = Bar(
                openTime: try Self.milliseconds(row[0], timeScale, line: line),
                open: row[1],
                high: row[2],
                low: row[3],
                close: row[4]
            )
            guard bar.low > 0, bar.low <= min(bar.open, bar.close), bar.high >= max(bar.open, bar.close) else {
                throw FileError(description: "line \(line): the bar's low and high do not hold its open and close")
            }
            bars.append(bar)
        }
        try self.init(bars)
    }

    /// Reads a CSV of prices, one a line, oldest first: each price to the next makes a bar, so the path runs through
    /// every price at its time.
    ///
    /// - Throws: ``FileError`` naming the line and column that is missing or not a positive number, or times out of
    ///   order.
    public init(prices text: String, time: String, timeScale: Int64 = 1, price: String) throws(FileError) {
        let points = try Self.rows(of: text, columns: [time, price])
        for (line, row) in points where row[1] <= 0 {
            throw FileError(description: "line \(line): the price \(row[1]) is not positive")
        }
        var bars: [Bar] = []
        for (current, next) in zip(points, points.dropFirst()) {
            let (from, to) = (current.1[1], next.1[1])
            bars.append(
                Bar(
                    openTime: try Self.milliseconds(current.1[0], timeScale, line: current.0),
                    open: from,
                    high: max(from, to),
                    low: min(from, to),
                    close: to
                )
            )
        }
        try self.init(bars)
    }

    private init(_ bars: [Bar]) throws(FileError) {
        guard bars.count >= 2 else { throw FileError(description: "fewer than two bars") }
        for index in bars.indices.dropFirst() where bars[index].openTime <= bars[index - 1].openTime {
            throw FileError(description: "line \(index + 2): bars are not in time order")
        }
        self.bars = bars
        barMilliseconds = bars[1].openTime - bars[0].openTime
    }

    /// A time in units of `scale` milliseconds as milliseconds; an error beyond what a timestamp holds.
    private static func milliseconds(_ value: Double, _ scale: Int64, line: Int) throws(FileError) -> Int64 {
        let milliseconds = (value * Double(scale)).rounded()
        guard abs(milliseconds) < 9e18 else {
            throw FileError(description: "line \(line): the time \(value) is out of range")
        }
        return Int64(milliseconds)
    }

    /// The numbers of `columns`, by line number, from a CSV with a header.
    private static func rows(of text: String, columns names: [String]) throws(FileError) -> [(Int, [Double])] {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingSpaces }) else {
            throw FileError(description: "the file is empty")
        }
        var columns: [Int] = []
        for name in names {
            guard let index = header.firstIndex(of: name) else {
                throw FileError(description: "no column \(name) (columns: \(header.joined(separator: ", ")))")
            }
            columns.append(index)
        }
        var rows: [(Int, [Double])] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            var row: [Double] = []
            for column in columns {
                guard column < fields.count, let value = Double(fields[column]), value.isFinite else {
                    throw FileError(description: "line \(index + 1): column \(header[column]) is not a number")
                }
                row.append(value)
            }
            rows.append((index + 1, row))
        }
        return rows
    }

    /// `steps + 1` prices, one every `stepMilliseconds` from `start` (which must fall within the bars), each bar
    /// through its open, extremes and close.
    public func path(
        from start: Int64,
        steps: Int,
        stepMilliseconds: Int64,
        using generator: inout SeededGenerator
    ) -> [Double] {
        let perBar = max(4, Int(barMilliseconds / stepMilliseconds))
        var prices: [Double] = []
        let first = bars.lastIndex { $0.openTime <= start } ?? 0
        var skip = Int((start - bars[first].openTime) / stepMilliseconds)
        for bar in bars[first...] {
            for price in Self.bridge(through: bar, steps: perBar, using: &generator) {
                if skip > 0 {
                    skip -= 1
                    continue
                }
                prices.append(price)
                if prices.count == steps + 1 { return prices }
            }
        }
        // Past the last bar the price stays at its close.
        while prices.count < steps + 1 { prices.append(bars.last?.close ?? 0) }
        return prices
    }

    /// `steps` prices across one bar: the open first, the extremes at drawn steps, and the next bar's open reached
    /// through the close at the bar's last step.
    static func bridge(through bar: Bar, steps: Int, using generator: inout SeededGenerator) -> [Double] {
        let a = 1 + Int(generator.uniform() * Double(steps - 3))
        var b = 1 + Int(generator.uniform() * Double(steps - 3))
        if b == a { b = a + 1 }
        let highFirst = generator.uniform() < 0.5
        let (first, second) = (min(a, b), max(a, b))
        let anchors = [
            (0, bar.open), (first, highFirst ? bar.high : bar.low), (second, highFirst ? bar.low : bar.high),
            (steps - 1, bar.close),
        ]
        let range = DeterministicMath.log(bar.high / bar.low)
        var prices: [Double] = []
        prices.reserveCapacity(steps)
        for leg in 0..<anchors.count - 1 {
            let (start, from) = anchors[leg]
            let (end, to) = anchors[leg + 1]
            let length = end - start
            guard length > 0 else { continue }
            // A standard Brownian bridge from 0 to 0 over the leg, scaled to the bar's range.
            var walk = [0.0]
            for _ in 0..<length { walk.append(walk[walk.count - 1] + generator.normal()) }
            let scale = range / (4 * Double(length).squareRoot())
            let (logFrom, logTo) = (DeterministicMath.log(from), DeterministicMath.log(to))
            prices.append(from)
            for step in 1..<length {
                let share = Double(step) / Double(length)
                let bridge = walk[step] - share * walk[length]
                let price = DeterministicMath.exp(logFrom + share * (logTo - logFrom) + scale * bridge)
                prices.append(Swift.min(bar.high, Swift.max(bar.low, price)))
            }
        }
        prices.append(bar.close)
        return prices
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
