/// Latencies in milliseconds, sorted: their percentiles and maximum.
struct MillisecondLatencies {
    private let sorted: [Double]

    init(_ latencies: [Double]) {
        sorted = latencies.sorted()
    }

    var count: Int { sorted.count }
    var maximum: Double { sorted.last ?? 0 }

    /// The latency at the `fraction` rank; 0 when there is none.
    func percentile(_ fraction: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
