import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterSimulation
import BreakwaterTesting
import PropertyBased
import Testing

@testable import BreakwaterForensics
@testable import BreakwaterPipeline

/// Replaying a recorded run under another policy, and what the report says changed.
@Suite struct CounterfactualTests {
    /// The demo's guarded run (a Mango-style attack, contained), journaled in memory.
    static func demoJournal() async throws -> MemoryJournalStore {
        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: try Demo(seed: 42).lines))
        return store
    }

    static func alternative(_ policy: String) throws -> CounterfactualReplay.Alternative {
        let merged = try ConfigLoader.load(yaml: JournalTestStreams.configYAML, policy: policy)
        return .init(label: "test", config: merged.config, configYAML: merged.text)
    }

    @Test func theRecordedPolicyChangesNothing() async throws {
        let same = try Self.alternative("enforce: true")
        let journal = try await Self.demoJournal()
        let (recorded, reports) = try await CounterfactualReplay.run(journal, alternatives: [same])
        let report = try #require(reports.first)
        #expect(recorded.report().actions.count == 5)
        #expect(report.actions.count == 5 && report.actions.allSatisfy { $0.change == "same" })
        #expect(report.outflows.blocked.isEmpty && report.outflows.allowed.isEmpty)
        #expect(report.loss.saved == "0")
        #expect(report.loss.accounts == ["mallory-long", "mallory-short"])
        #expect(report.incidents == recorded.report().incidents)
        let head = await journal.tip()?.hash.hexString
        #expect(recorded.report().journalHead == head)
    }

    @Test func shadowModeLetsTheAttackersWithdrawalsThrough() async throws {
        let shadow = try Self.alternative("policy:\n  enforce: false\n")
        let (recorded, reports) = try await CounterfactualReplay.run(
            try await Self.demoJournal(),
            alternatives: [shadow]
        )
        let report = try #require(reports.first)
        let rejected = Set(recorded.report().rejections.map(\.line))
        #expect(!report.outflows.allowed.isEmpty)
        #expect(report.outflows.allowed.allSatisfy { rejected.contains($0.line) && $0.account == "mallory-long" })
        #expect(report.outflows.blocked.isEmpty)
        let saved = try Wad(parsing: report.loss.saved)
        #expect(saved < .zero, "shadow mode lets the attacker take funds out: the loss grows")
        #expect(try Wad(parsing: report.loss.recorded) == .zero)
        #expect(report.journalHead != recorded.report().journalHead)
    }

    @Test func aNarrowerBandHaltsEarlier() async throws {
        let narrow = try Self.alternative("price_band:\n  width: \"0.05\"\n")
        let (_, reports) = try await CounterfactualReplay.run(
            try await Self.demoJournal(),
            alternatives: [narrow, try Self.alternative("{}")]
        )
        let halt = try #require(reports[0].actions.first { $0.action == "halt" })
        #expect(halt.change == "earlier")
        #expect(try #require(halt.counterfactualAt) < (try #require(halt.recordedAt)))
        #expect(reports[1].actions.allSatisfy { $0.change == "same" }, "an empty policy section is the default policy")
    }

    /// Regression: actions dropped at the same time and line come out in the recorded order, not the order of a
    /// dictionary's keys.
    @Test func droppedActionsKeepTheRecordedOrder() {
        let kinds = ["reduce_only", "halt", "limit_state", "pause", "freeze", "rate_limit"]
        for order in [kinds, kinds.reversed()] {
            let recorded = order.map {
                ReplayReport.ActionEntry(
                    ts: 7,
                    line: 3,
                    action: $0,
                    scope: .init(pool: "p"),
                    by: "auto",
                    reason: "r",
                    enforced: true
                )
            }
            #expect(CounterfactualComparison.pair(recorded, []).map(\.action) == order)
        }
    }

    /// Pairing keeps every action of both runs: each counterfactual action once (added or matched), each recorded
    /// one once (matched or dropped).
    @Test func pairingAccountsForEveryActionOfBothRuns() async {
        let actions = ["halt", "pause_pool", "reduce_only"]
        func entries(_ picks: [Int]) -> [ReplayReport.ActionEntry] {
            picks.enumerated().map { index, pick in
                ReplayReport.ActionEntry(
                    ts: Int64(index * 1000 + pick),
                    line: index + 1,
                    action: actions[pick % 3],
                    scope: .init(pool: "p\(pick % 2)"),
                    by: "auto",
                    reason: "r",
                    enforced: true
                )
            }
        }
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 0..<6).array(of: 0...12),
            Gen.int(in: 0..<6).array(of: 0...12)
        ) {
            recordedPicks,
            counterfactualPicks in
            let recorded = entries(recordedPicks)
            let counterfactual = entries(counterfactualPicks)
            let changes = CounterfactualComparison.pair(recorded, counterfactual)
            #expect(changes.filter { $0.change != "dropped" }.count == counterfactual.count)
            #expect(changes.filter { $0.change != "added" }.count == recorded.count)
            #expect(
                changes.filter { $0.change != "dropped" }.map(\.counterfactualAt).sorted { $0! < $1! }
                    == counterfactual.map(\.ts)
            )
            for change in changes where change.change == "earlier" {
                #expect(change.counterfactualAt! < change.recordedAt!)
            }
            for change in changes where change.change == "later" {
                #expect(change.counterfactualAt! > change.recordedAt!)
            }
        }
    }

    /// Regression: a run that decides differently at one event and the same again after it must not take the
    /// journal's hashes back: following stops for good at the first difference, so the head is the hashed one.
    @Test func aRunThatFollowsAJournalItDiffersFromReachesItsOwnHead() async throws {
        let journal = try await Self.demoJournal()
        let shadow = try Self.alternative("enforce: false")
        var following = Replay(config: shadow.config, configYAML: shadow.configYAML)
        var hashing = Replay(config: shadow.config, configYAML: shadow.configYAML)
        try await JournalReader.forEachEvent(in: journal, config: JournalTestStreams.config) {
            event,
            accounts,
            stored in
            following.journal.follow(stored.page, stored.range)
            following.apply(event, accounts: accounts)
            hashing.apply(event, accounts: accounts)
        }
        let head = await journal.tip()?.hash.hexString
        #expect(hashing.journal.head != head, "shadow mode decides differently")
        #expect(following.journal.head == hashing.journal.head)
    }

    /// Regression: a journal whose one decision says something else (rewritten, its chain rehashed, so it verifies)
    /// is replayed to the head the true decisions give, not to the journal's: the replay does not take the
    /// journal's hashes back after it differed.
    @Test func aJournalWithOneOtherDecisionIsNotReachedByReplay() async throws {
        let original = try await JournalTestStreams.journal(of: try Demo(seed: 42).lines)
        var records = original
        let index = try #require(records.firstIndex { $0.kind == .decision && $0.bytes[9] == 1 })
        records[index].bytes[14] ^= 1  // the first letter of the rejection's code
        records = JournalTestStreams.rehashed(records)
        let store = MemoryJournalStore()
        try await store.append(records)
        let replay = try await JournalReplay.run(store)
        #expect(replay.journal.head == original.last?.hash.hexString, "the true decisions' head")
        #expect(replay.journal.head != records.last?.hash.hexString)
    }
}
