public import BreakwaterCore

/// A config that cannot be used, with every problem found, each naming its key.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    public var description: String {
        "invalid config:\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
