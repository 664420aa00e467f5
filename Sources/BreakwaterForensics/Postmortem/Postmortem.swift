import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
public import BreakwaterPipeline

/// Writes the post-mortem of a journal's incidents: reads the journal twice, once to find the incidents and once,
/// in lockstep with the counterfactual runs, to gather their evidence.
public enum Postmortem {
    public struct Options: Sendable {
        /// Only this incident (`INC-0001`); `nil` for every one.
        public var incident: String?
        /// How far before detection the first anomalous event is looked for.
        public var lookbackMilliseconds: Int64
        /// Other policies to compare, besides the automatic ones.
        public var policies: [CounterfactualReplay.Alternative]
        /// Whether to replay each threshold behind the incidents' signals at half and twice its value.
        public var thresholdVariants: Bool

        public init(
            incident: String? = nil,
            lookbackMilliseconds: Int64 = 3_600_000,
            policies: [CounterfactualReplay.Alternative] = [],
            thresholdVariants: Bool = true
        ) {
            self.incident = incident
            self.lookbackMilliseconds = lookbackMilliseconds
            self.policies = policies
            self.thresholdVariants = thresholdVariants
        }
    }

    /// The post-mortem of the journal in `store`.
    ///
    /// - Throws: ``PostmortemError`` if the journal cannot be read or does not verify, or names no such incident.
    public static func build(
        _ store: any JournalStore,
        options: Options = .init()
    ) async throws(PostmortemError) -> PostmortemReport {
        do {
            let first = try await JournalReplay.run(store, maxRejections: 1).report()
            let incidents = try select(first.incidents, options.incident)
            let header = try await JournalReader.header(of: store)
            let config = try JournalReader.config(of: header)
            let alternatives =
                [CounterfactualReplay.Alternative(label: "every response off", config: config.unguarded)]
                + options.policies
                + (options.thresholdVariants ? ThresholdVariants.alternatives(for: incidents, config: config) : [])
            var evidence = incidents.map {
                IncidentEvidence(incident: $0, config: config, lookback: options.lookbackMilliseconds)
            }
            var firstAt: Int64?
            var lastAt: Int64 = 0
            let runs = try await CounterfactualReplay.replays(store, alternatives: alternatives, maxRejections: 1) {
                event,
                decision,
                line,
                replay in
                firstAt = firstAt ?? event.timestamp.milliseconds
                lastAt = event.timestamp.milliseconds
                for index in evidence.indices { evidence[index].observe(event, decision, line: line, in: replay) }
            }
            let report = runs.recorded.report()
            let reports = runs.alternatives.map { $0.report() }
            return PostmortemReport(
                config: report.config,
                journalHead: report.journalHead,
                events: report.events,
                firstEventAt: firstAt ?? 0,
                lastEventAt: lastAt,
                incidents: evidence.map { evidence in
                    IncidentReportBuilder(
                        evidence: evidence,
                        recorded: runs.recorded,
                        alternatives: alternatives,
                        runs: runs.alternatives,
                        reports: reports
                    ).build()
                }
            )
        } catch let error as JournalError {
            throw PostmortemError(message: error.message)
        } catch let error as PostmortemError {
            throw error
        } catch {
            throw PostmortemError(message: "\(error)")
        }
    }

    private static func select(
        _ incidents: [ReplayReport.IncidentEntry],
        _ id: String?
    ) throws(PostmortemError) -> [ReplayReport.IncidentEntry] {
        guard let id else { return incidents }
        guard let incident = incidents.first(where: { $0.id == id }) else {
            let known =
                incidents.isEmpty
                ? "the journal records no incident" : "it records " + incidents.map(\.id).joined(separator: ", ")
            throw PostmortemError(message: "no incident \(id): \(known)")
        }
        return [incident]
    }
}

/// Why a post-mortem could not be written.
public struct PostmortemError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
