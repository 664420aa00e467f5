/// Per-event latencies in fixed memory: 10 ns buckets up to 100 µs, and the exact maximum beyond.
struct LatencyHistogram {
    private static let bucketNanoseconds: UInt64 = 10
    private var buckets = [UInt64](repeating: 0, count: 10_000)
    private(set) var count: UInt64 = 0
    private(set) var maximum: UInt64 = 0

    mutating func record(nanoseconds: UInt64) {
        let bucket = min(Int(nanoseconds / Self.bucketNanoseconds), buckets.count - 1)
        buckets[bucket] += 1
        count += 1
        maximum = max(maximum, nanoseconds)
    }

    /// The latency at or below which `fraction` of the recorded events fall, rounded up to its bucket's edge.
    func percentile(_ fraction: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = UInt64((Double(count) * fraction).rounded(.up))
        var seen: UInt64 = 0
        for (bucket, n) in buckets.enumerated() {
            seen += n
            if seen >= rank {
                return bucket == buckets.count - 1 ? maximum : UInt64(bucket + 1) * Self.bucketNanoseconds
            }
        }
        return maximum
    }
}
