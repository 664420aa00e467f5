import BreakwaterPipeline

/// How serious an incident is: the highest severity among its signals.
///
/// A target gets the incidents at or above its ``AlertTarget/minSeverity``.
public enum AlertSeverity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Worth knowing.
    case info
    /// Worth a look soon.
    case warning
    /// Worth waking someone up.
    case critical

    /// `info` < `warning` < `critical`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// The highest severity among `incident`'s signals: `info` when it has none, and a severity this version does
    /// not know counts for nothing.
    init(of incident: ReplayReport.IncidentEntry) {
        self = incident.signals.compactMap { AlertSeverity(rawValue: $0.severity) }.max() ?? .info
    }
}
