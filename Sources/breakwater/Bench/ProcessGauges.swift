import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's clock and memory, read the way the benchmark reports them.
enum ProcessGauges {
    /// A monotonic time in nanoseconds.
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The resident set size now, in bytes.
    static func residentBytes() -> UInt64 { statusValue("VmRSS") ?? peakResidentBytes() }

    /// The peak resident set size so far, in bytes.
    static func peakResidentBytes() -> UInt64 {
        if let peak = statusValue("VmHWM") { return peak }
        #if canImport(Darwin)
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return UInt64(usage.ru_maxrss)
        #else
        return 0
        #endif
    }

    /// A `kB` line of `/proc/self/status` (Linux), in bytes.
    private static func statusValue(_ key: String) -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.dropFirst(key.count + 1).filter(\.isNumber)
            return UInt64(digits).map { $0 * 1024 }
        }
        return nil
    }
}
