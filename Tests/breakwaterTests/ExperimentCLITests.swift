import Foundation
import Testing

/// `breakwater experiment tradeoff|sensitivity`: reports written as JSON, CSV and HTML, the summary on standard
/// output, progress on standard error, bad options refused with their reason.
@Suite struct ExperimentCLITests {
    @Test func aSmallTradeoffSweepWritesItsThreeReports() throws {
        let folder = try BreakwaterProcess.temporaryDirectory().appendingPathComponent("tradeoff")
        let run = try BreakwaterProcess.run([
            "experiment", "tradeoff", "--grid", "policy.price_band.width=0.05,0.15", "--scenarios", "mango,crash",
            "--seeds", "1",
            "--scenario-hours", "3", "--benign-seeds", "1", "--benign-days", "1", "--out", folder.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Pareto frontier") && run.stderr.contains("experiment tradeoff: policies 2/2"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("tradeoff.json")))
                as? [String: Any]
        )
        let policies = try #require(json["policies"] as? [[String: Any]])
        #expect(policies.map { $0["policy"] as? String } == ["price_band.width=0.05", "price_band.width=0.15"])
        #expect(
            policies.allSatisfy { $0["loss_prevented"] as? Double == 1 && $0["halt_minutes_per_market_day"] is Double }
        )
        let csv = try String(contentsOf: folder.appendingPathComponent("tradeoff.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("policy,loss_prevented,") && csv.split(separator: "\n").count == 3)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("tradeoff.html"), encoding: .utf8).contains("<svg")
        )
    }

    @Test func aSensitivityTableIsPrintedAndWritten() throws {
        let folder = try BreakwaterProcess.temporaryDirectory().appendingPathComponent("sensitivity")
        let run = try BreakwaterProcess.run([
            "experiment", "sensitivity", "--volatility", "4,16", "--leverage", "10,50", "--hours", "4", "--out",
            folder.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("leverage \\ volatility") && run.stdout.contains("50×"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("sensitivity.json")))
                as? [String: Any]
        )
        #expect((json["cells"] as? [[String: Any]])?.count == 4)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sensitivity.html").path))
    }

    @Test func badOptionsAreRefusedWithTheirReason() throws {
        let grid = try BreakwaterProcess.run(["experiment", "tradeoff", "--grid", "policy.price_band.wdith=0.1"])
        #expect(grid.status == 1 && grid.stderr.contains("policy.price_band.wdith: not a threshold"), "\(grid.stderr)")
        let scenario = try BreakwaterProcess.run(["experiment", "tradeoff", "--scenarios", "mango,rugpull"])
        #expect(scenario.status != 0 && scenario.stderr.contains("unknown scenario rugpull"))
        let leverage = try BreakwaterProcess.run(["experiment", "sensitivity", "--leverage", "1"])
        #expect(leverage.status != 0 && leverage.stderr.contains("must be above 1"))
    }
}
