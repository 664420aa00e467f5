/// What consumes the pipeline's decisions, after the journal: the live feed, alerting, and next an on-chain
/// executor. Sinks receive the engine's typed values (its decision, its incidents and their steps) with the names
/// the report gives them, never a report's text to parse back.
///
/// The pipeline calls a sink on its own actor, in stream order, for every decision that raised a signal, took an
/// action or moved an incident, as soon as it is made; a sink must not wait there (it queues what takes time, and
/// runs it as a `Service`).
///
/// The journal is not one of them: the pipeline chains a decision's records before any sink hears of it, and writes
/// them to its store in batches (at least once a second in the service). A sink hears of a decision before its
/// batch is stored; a restart decides it again, as read back (``DecidedEvent/isReplayed``), so a sink that must
/// act once keeps what it did (alerting counts it as alerted; an on-chain executor will keep an outbox).
public protocol DecisionSink: Sendable {
    /// The incidents decided before the sink was attached (a journal resumed from a snapshot), as they stand: a
    /// sink that must not act twice counts them as handled.
    func catchUp(with incidents: [IncidentUpdate])

    /// One decision, with the incidents it moved.
    func take(_ decided: DecidedEvent)

    /// The source went quiet, or speaks again.
    func sourceChanged(_ change: SourceChange)

    /// The pipeline stops: nothing more comes.
    func finish()
}

extension DecisionSink {
    /// By default, nothing: the sink starts from the next decision.
    public func catchUp(with incidents: [IncidentUpdate]) {}
    /// By default, nothing: the sink ignores the source's state.
    public func sourceChanged(_ change: SourceChange) {}
    /// By default, nothing: the sink has nothing to end.
    public func finish() {}
}
