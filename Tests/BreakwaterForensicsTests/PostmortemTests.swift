import BreakwaterCore
import BreakwaterFormats
import BreakwaterReportKit
import BreakwaterSimulation
import BreakwaterTesting
import Foundation
import PropertyBased
import Testing

@testable import BreakwaterForensics
@testable import BreakwaterPipeline

/// The post-mortem of the demo's attack, read from its journal.
@Suite struct PostmortemTests {
    @Test func theDemoAttackIsWrittenUpFromItsJournal() async throws {
        let journal = try await CounterfactualTests.demoJournal()
        let report = try await Postmortem.build(journal)
        #expect(report.events == 11_388)
        let incident = try #require(report.incidents.first)
        let summary = incident.summary
        #expect(summary.vector == "oracle_manipulation" && summary.scope == "pool alts")
        #expect(summary.lossRealized == "0")
        #expect(
            try Wad(parsing: summary.lossPrevented) > Wad(1_000_000),
            "without responses the attackers take millions"
        )
        // The first anomalous event is the attackers' first, before detection and containment.
        let first = try #require(incident.transactions.first)
        #expect(first.line == summary.firstAnomalousLine && first.ts == summary.firstAnomalousAt)
        #expect(summary.timeToDetectMs == summary.detectedAt - summary.firstAnomalousAt && summary.timeToDetectMs > 0)
        #expect(try #require(summary.timeToContainMs) >= summary.timeToDetectMs)
        #expect(Set(incident.attackers.map(\.account)) == ["mallory-long", "mallory-short"])
        #expect(incident.attackers.first { $0.account == "mallory-long" }?.rejections == 4 + 1)
        // The timeline is in stream order and holds the incident's signals and actions.
        #expect(incident.timeline.map(\.line) == incident.timeline.map(\.line).sorted())
        #expect(incident.timeline.filter { $0.kind == "action" }.count == 5)
        #expect(incident.timeline.contains { $0.kind == "signal" && $0.summary.hasPrefix("wash_trading") })
        #expect(incident.affectedAccounts.contains { $0.account == "lp-alts" && $0.role == "lp" })
        #expect(incident.fundsFlow.contains { $0.from == "mallory-long" && $0.to == "pool alts" && $0.asset == "USDC" })
        // Charts: the MNGO feeds with the guarded price, and the market halted at level 2.
        let prices = try #require(incident.charts.prices.first)
        #expect(
            prices.series.filter { $0.name.hasPrefix("feed ") }.count == 3
                && prices.series.contains { $0.name == "guarded price" }
        )
        #expect(incident.charts.breakers.series.first?.points.contains { $0[1] == 2 } == true)
        // Counterfactuals: every response off first, then each threshold behind the signals at half and double.
        #expect(incident.counterfactuals.first?.policy == "every response off")
        #expect(incident.counterfactuals.first?.loss == summary.lossPrevented)
        #expect(incident.counterfactuals.contains { $0.policy == "policy.price_band.width 0.15 → 0.075" })
        #expect(!incident.recommendation.isEmpty)
    }

    /// With the demo's keys, people act after the automation: the post-mortem's timeline shows them, and the loss
    /// prevented is measured against a run without responses and without keys (people act on Breakwater's alerts).
    @Test func theGovernedDemoIsWrittenUpWithItsPeople() async throws {
        let demo = try Demo(seed: 42)
        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: demo.lines, configYAML: demo.configYAML))
        let report = try await Postmortem.build(store, options: .init(thresholdVariants: false))
        let incident = try #require(report.incidents.first)
        #expect(try Wad(parsing: incident.summary.lossPrevented) > Wad(1_000_000))
        let actions = incident.timeline.filter { $0.kind == "action" }.map(\.summary)
        #expect(actions.contains { $0.hasPrefix("pause pool alts by guardian") }, "\(actions)")
        #expect(actions.contains { $0.contains("hotfixed module valuation/MNGO-PERP") }, "\(actions)")
        #expect(actions.contains { $0.hasPrefix("unpause pool alts by governance") }, "\(actions)")
    }

    @Test func theSameJournalGivesTheSameBytes() async throws {
        let journal = try await CounterfactualTests.demoJournal()
        let first = try await Postmortem.build(journal, options: .init(thresholdVariants: false))
        let second = try await Postmortem.build(journal, options: .init(thresholdVariants: false))
        #expect(first.json() == second.json() && first.html() == second.html() && first.markdown() == second.markdown())
        #expect(first.incidents.first?.counterfactuals.count == 1)
    }

    @Test func anUnknownIncidentIsRefusedWithTheKnownOnes() async throws {
        let journal = try await CounterfactualTests.demoJournal()
        await #expect {
            _ = try await Postmortem.build(journal, options: .init(incident: "INC-0042"))
        } throws: { error in
            "\(error)" == "no incident INC-0042: it records INC-0001"
        }
    }

    @Test func aQuietJournalSaysItHasNoIncident() async throws {
        let store = MemoryJournalStore()
        try await store.append(try await JournalTestStreams.journal(of: JournalTestStreams.lines(300)))
        let report = try await Postmortem.build(store)
        #expect(report.incidents.isEmpty && report.events == 300)
        #expect(report.markdown().contains("The journal records no incident."))
        #expect(report.html().contains("The journal records no incident."))
    }

    /// Thinning a series keeps its extremes and stays near the limit, in time order.
    @Test func thinningKeepsTheExtremes() async {
        await propertyCheck(count: 100, input: Gen.double(in: -1e6...1e6).array(of: 0...5_000)) { values in
            let points = values.enumerated().map { [Double($0.offset), $0.element] }
            let thinned = PostmortemCharts.thinned(points)
            #expect(thinned.count <= max(points.count, PostmortemCharts.maximumPoints + 2))
            #expect(thinned.map { $0[1] }.max() == values.max() && thinned.map { $0[1] }.min() == values.min())
            #expect(thinned.map { $0[0] } == thinned.map { $0[0] }.sorted())
        }
    }
}
