extension Engine {
    /// Follows a chain's reorg: the engine takes back `earlier`, itself at the reorg's common ancestor, so the new
    /// branch is decided on the state the chain has (balances, prices, breakers, restrictions, governance). What it
    /// counted goes on: decisions keep their sequence, and the incidents stay with their signals and actions (taken on
    /// the orphaned blocks and not undone: the journal shows them), their loss baselines and insurance claims, as do
    /// the invariant findings.
    public mutating func rewind(to earlier: Engine) {
        var rewound = earlier
        rewound.eventCount = eventCount
        rewound.tracker = tracker
        rewound.claims = claims
        rewound.lossBaselines = lossBaselines
        rewound.invariantChecks = invariantChecks
        rewound.invariantViolations = invariantViolations
        self = rewound
    }

    /// The engine as a reorg takes it back: a copy without what a rewind keeps (the incidents and the invariant
    /// findings), so that keeping copies of recent blocks does not hold on to those as they grow.
    public var rewindPoint: Engine {
        var point = self
        point.tracker = tracker.withoutIncidents()
        point.invariantViolations = []
        return point
    }
}
