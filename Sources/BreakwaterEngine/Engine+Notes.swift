import BreakwaterCore

extension Engine {
    /// Takes an operator's or the service's note: it joins its incident's record, and the service's own notes move
    /// the incidents they are about (a quiet source opens one, its return resolves it, a log that did not map opens
    /// a model-divergence one).
    ///
    /// - Returns: why the note is refused (an incident the engine has not opened), or `nil`.
    mutating func take(_ note: Note, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        switch note.action {
        case .sourceQuiet:
            let evidence = note.text.isEmpty ? "the source gave no event for longer than its limit" : note.text
            decision.signals.append(
                Signal(kind: .sourceQuiet, scope: .wholeProtocol, severity: .critical, evidence: evidence)
            )
        case .sourceFault:
            decision.signals.append(
                Signal(kind: .sourceFault, scope: .wholeProtocol, severity: .warning, evidence: note.text)
            )
        case .sourceResumed:
            decision.incidentSteps += tracker.resolveSourceOutages(at: now)
        case .logUnmapped:
            decision.signals.append(
                Signal(kind: .modelDivergence, scope: .wholeProtocol, severity: .critical, evidence: note.text)
            )
        case .acknowledge, .comment, .alertFailed, .txSent, .txMined, .txReverted, .txReplaced, .txFailed:
            break
        }
        guard let incident = note.incident else { return nil }
        guard let step = tracker.record(note, on: incident, at: now, sequence: decision.sequence) else {
            return Rejection(.unknownIncident, "there is no incident \(incident)")
        }
        decision.incidentSteps.append(step)
        return nil
    }
}
