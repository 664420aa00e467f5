import BreakwaterCore
import BreakwaterEngine

extension LivePipeline {
    /// The source gave nothing for longer than `limit`: the engine cannot defend what it cannot see. A
    /// `source_quiet` note goes into the stream (it opens a source-outage incident) and the sinks hear of it.
    ///
    /// - Returns: whether it has just gone quiet (it was not already).
    public func sourceWentQuiet(after limit: Duration) async -> Bool {
        guard !isQuiet else { return false }
        isQuiet = true
        announce(.quiet)
        // While the run decides again what a resumed journal holds, it adds nothing in between.
        if isLive {
            _ = try? await take(
                Note(
                    action: .sourceQuiet,
                    author: "service",
                    text: "no event from the source (\(sourceName)) for longer than \(limit)"
                )
            )
        }
        return true
    }

    /// The source stopped with an error (an EVM chain that reorganised below the blocks it keeps, a file that cannot
    /// be read): the engine is blind from now on. A `source_quiet` note naming `reason` goes into the stream, so a
    /// source-outage incident opens and its alert goes out before the service stops; a source already quiet has
    /// its incident open, and the note joins it.
    public func sourceStopped(because reason: String) async {
        if !isQuiet {
            isQuiet = true
            announce(.quiet)
        }
        guard isLive else { return }
        _ = try? await take(
            Note(action: .sourceQuiet, author: "service", text: "the source (\(sourceName)) stopped: \(reason)")
        )
    }

    /// The source gives a line after being quiet, or for the first time since a restart that left a source
    /// outage open: a `source_resumed` note, which resolves the outage, comes before it.
    func sourceSpeaks() async {
        let outageOpen =
            isLive && replay.engine.incidents.contains { $0.vector == .sourceOutage && $0.resolvedAt == nil }
        if isLive { hasCheckedOutage = true }
        if isQuiet {
            isQuiet = false
            announce(.resumed)
        }
        if outageOpen {
            _ = try? await take(
                Note(action: .sourceResumed, author: "service", text: "the source (\(sourceName)) gives events again")
            )
        }
    }

    private func announce(_ state: SourceChange.State) {
        changes += 1
        let change = SourceChange(source: sourceName, state: state)
        for sink in sinks { sink.sourceChanged(change) }
    }
}
