public import BreakwaterCore
import BreakwaterEngine
public import BreakwaterPipeline

/// Replays a recorded run under other policies, event by event in lockstep with the recorded one, and reports what
/// each would have done differently.
public enum CounterfactualReplay {
    /// Another policy to replay a journal under.
    public struct Alternative: Sendable {
        /// How reports name it: the policy file, or the change it makes.
        public var label: String
        /// The journal's config with the other policy.
        public var config: ProtocolConfig
        /// The YAML `config` was loaded from, for its journal header; empty for a config built in code.
        public var configYAML: String

        public init(label: String, config: ProtocolConfig, configYAML: String = "") {
            self.label = label
            self.config = config
            self.configYAML = configYAML
        }
    }

    /// The recorded run, replayed and verified as ``JournalReplay/run(_:maxRejections:each:)`` does, and one
    /// ``CounterfactualReport`` per alternative, in order.
    ///
    /// - Throws: ``JournalError`` if the journal cannot be read, does not verify, or its config does not load.
    public static func run(
        _ store: any JournalStore,
        alternatives: [Alternative],
        maxRejections: Int = 1000
    ) async throws(JournalError) -> (recorded: Replay, counterfactuals: [CounterfactualReport]) {
        let runs = try await replays(store, alternatives: alternatives, maxRejections: maxRejections)
        return (runs.recorded, runs.counterfactuals)
    }

    /// ``run(_:alternatives:maxRejections:)`` with the replay of each alternative as well. `observe` sees each event
    /// of the recorded run with its decision, its position and the replay right after it.
    static func replays(
        _ store: any JournalStore,
        alternatives: [Alternative],
        maxRejections: Int,
        observe: (Event, Decision, Int, Replay) -> Void = { _, _, _, _ in }
    ) async throws(JournalError) -> (recorded: Replay, alternatives: [Replay], counterfactuals: [CounterfactualReport])
    {
        let header = try await JournalReader.header(of: store)
        var runs = alternatives.map {
            Replay(
                config: $0.config,
                configYAML: $0.configYAML,
                configuration: header.engineConfiguration,
                maxRejections: maxRejections
            )
        }
        var outflows = Array(repeating: OutflowDifferences(), count: alternatives.count)
        let recorded = try await JournalReplay.run(store, maxRejections: maxRejections) {
            event,
            accounts,
            decision,
            recorded in
            observe(event, decision, recorded.linesRead, recorded)
            for index in runs.indices {
                let other = runs[index].apply(event, accounts: accounts)
                if other.isAccepted != decision.isAccepted {
                    outflows[index].note(
                        event,
                        recorded: decision,
                        counterfactual: other,
                        line: recorded.linesRead,
                        in: recorded
                    )
                }
            }
        }
        let counterfactuals = alternatives.indices.map { index in
            CounterfactualComparison(recorded: recorded, counterfactual: runs[index])
                .report(policy: alternatives[index].label, outflows: outflows[index])
        }
        return (recorded, runs, counterfactuals)
    }
}
