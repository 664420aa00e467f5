import BreakwaterCore

/// A quantity summed in fixed time buckets, with an exponentially weighted mean and variance of the past buckets.
///
/// O(1) amortized per observation: a bucket is folded into the baseline once, when time leaves it; empty buckets in
/// between fold in as zeros, up to as many as make the old baseline irrelevant (ten half-lives).
struct BucketBaseline: Sendable, Codable {
    let bucketMilliseconds: Int64
    /// Weight of one bucket: `1 − 2^(−1 / half-life in buckets)`.
    let alpha: Double
    let maxEmptyBuckets: Int64
    private(set) var bucket: Int64?
    /// The first instant after the open bucket: before it, no bucket closes (and no division is needed).
    private var bucketEnd = Int64.min
    /// The open bucket's sum.
    private(set) var current = 0.0
    private(set) var mean = 0.0
    private(set) var variance = 0.0
    /// Closed buckets folded in so far.
    private(set) var seen: Int64 = 0

    init(bucketMilliseconds: Int64, halfLifeMilliseconds: Int64) {
        self.bucketMilliseconds = max(1, bucketMilliseconds)
        let halfLifeBuckets = max(1, Double(halfLifeMilliseconds) / Double(self.bucketMilliseconds))
        alpha = 1 - DeterministicMath.exp2(-1 / halfLifeBuckets)
        maxEmptyBuckets = Int64(min(1e6, 10 * halfLifeBuckets))
    }

    /// The spread a score divides by: σ, but at least a tenth of the mean and at least `floor`, so a flat or empty
    /// baseline does not make every wiggle an anomaly.
    func spread(floor: Double) -> Double { Swift.max(variance.squareRoot(), mean / 10, floor, 1e-9) }

    /// `(value − mean) / spread`.
    func score(_ value: Double, floor: Double) -> Double { (value - mean) / spread(floor: floor) }

    /// Moves to the bucket of `now`, folding the closed ones in with each clipped at `clip` spreads above the mean
    /// (so an anomaly does not teach the baseline); returns `true` when a new bucket opened.
    mutating func roll(to now: Timestamp, clip: Double, floor: Double) -> Bool {
        if now.milliseconds < bucketEnd { return false }
        let index = Self.floorDivide(now.milliseconds, bucketMilliseconds)
        let (end, overflow) = (index + 1).multipliedReportingOverflow(by: bucketMilliseconds)
        bucketEnd = overflow ? .max : end
        guard let open = bucket else {
            bucket = index
            return true
        }
        guard index > open else { return false }
        // The first bucket has no baseline to be clipped against.
        fold(seen == 0 ? current : Swift.min(current, mean + clip * spread(floor: floor)))
        let empty = Swift.min(index - open - 1, maxEmptyBuckets)
        if empty > 0 { for _ in 0..<empty { fold(0) } }
        bucket = index
        current = 0
        return true
    }

    mutating func add(_ value: Double) { current += value }

    private mutating func fold(_ value: Double) {
        seen += 1
        guard seen > 1 else {
            mean = value
            return
        }
        let delta = value - mean
        mean += alpha * delta
        variance = (1 - alpha) * (variance + alpha * delta * delta)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
