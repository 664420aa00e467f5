import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

extension LiveEngine {
    /// Marks the source quiet when nothing came for longer than `limit`: the engine cannot defend what it cannot
    /// see. A `source_quiet` note goes into the stream (it opens a source-outage incident) and a `source` item on
    /// the feed.
    ///
    /// - Returns: whether it has just gone quiet.
    public func checkQuiet(after limit: Duration) async -> Bool {
        guard !isQuiet, ContinuousClock.now - lastIngest > limit else { return false }
        isQuiet = true
        announceSource("quiet")
        // While the run decides again what a resumed journal holds, it adds nothing in between.
        if isLive {
            _ = try? await take(Note(action: .sourceQuiet, author: "service", text: "no event from the source (\(sourceName)) for longer than \(limit)"))
        }
        refreshStatus()
        return true
    }

    /// The source gives a line after being quiet, or for the first time since a restart that left a source
    /// outage open: a `source_resumed` note, which resolves the outage, comes before it.
    func sourceSpeaks() async {
        let outageOpen = isLive && replay.engine.incidents.contains { $0.vector == .sourceOutage && $0.resolvedAt == nil }
        if isLive { hasCheckedOutage = true }
        if isQuiet {
            isQuiet = false
            announceSource("resumed")
        }
        if outageOpen {
            _ = try? await take(Note(action: .sourceResumed, author: "service", text: "the source (\(sourceName)) gives events again"))
        }
        refreshStatus()
    }

    private func announceSource(_ state: String) {
        isStatusStale = true
        broadcast(event: "source", data: #"{"source":\#(Self.jsonString(sourceName)),"state":"\#(state)"}"#)
        send()
    }
}
