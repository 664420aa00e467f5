/// What consumes the pipeline's decisions, after the journal: the live feed, alerting, and next an on-chain
/// executor. Sinks receive the engine's typed values (its decision, its incidents and their steps) with the names
/// the report gives them, never a report's text to parse back.
///
/// The pipeline calls a sink on its own actor, in stream order, for every decision that raised a signal, took an
/// action or moved an incident; a sink must not wait there (it queues what takes time, and runs it as a `Service`).
/// The journal is not one of them: the pipeline writes it itself, before any sink hears of a decision that a
/// restart must find again.
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
    public func catchUp(with incidents: [IncidentUpdate]) {}
    public func sourceChanged(_ change: SourceChange) {}
    public func finish() {}
}
