extension Engine {
    /// Follows a chain's reorg: the engine takes back `earlier`, itself at the reorg's common ancestor, so the new
    /// branch is decided on the state the chain has. What it counted goes on: decisions keep their sequence, and the
    /// incidents stay with their signals and actions (taken on the orphaned blocks and not undone: the journal shows
    /// them), as do the invariant findings.
    public mutating func rewind(to earlier: Engine) {
        let (count, tracker, checks, violations) = (eventCount, tracker, invariantChecks, invariantViolations)
        self = earlier
        eventCount = count
        self.tracker = tracker
        invariantChecks = checks
        invariantViolations = violations
    }
}
