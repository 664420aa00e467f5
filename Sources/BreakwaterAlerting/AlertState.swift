import BreakwaterPipeline

/// The step of an incident's lifecycle an alert reports, named as the engine's incident steps are.
public enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    /// A signal opened the incident; for a target, also an incident that has just reached its minimum severity.
    case opened
    /// A stronger signal changed its vector.
    case reclassified
    /// Its first containing action fired.
    case contained
    /// A governed upgrade or hotfix of a module in its scope ran.
    case remediated
    /// People lifted the pause that contained it.
    case resolved

    /// The steps `entry` took since `previous`, the last entry seen of the same incident, in lifecycle order.
    static func steps(from previous: ReplayReport.IncidentEntry?, to entry: ReplayReport.IncidentEntry) -> [AlertState] {
        var steps: [AlertState] = []
        if let previous {
            if previous.kind != entry.kind { steps.append(.reclassified) }
        } else {
            steps.append(.opened)
        }
        if entry.containedAt != nil, previous?.containedAt == nil { steps.append(.contained) }
        if entry.remediatedAt != nil, previous?.remediatedAt == nil { steps.append(.remediated) }
        if entry.resolvedAt != nil, previous?.resolvedAt == nil { steps.append(.resolved) }
        return steps
    }
}
