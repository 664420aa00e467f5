import Foundation
import Testing

/// Runs the real `breakwater` binary built next to the tests.
struct BreakwaterProcess {
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("breakwater")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/breakwater")
    }()

    struct Output {
        /// The exit code, or the signal's number when a signal ended the process.
        var status: Int32
        var killedBySignal = false
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            killedBySignal: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self)
        )
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("breakwater-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite struct CLITests {
    let stream = """
        {"ts":1665511200000,"kind":"oracle","feed":"pyth-eth","asset":"ETH","price":"1300"}
        {"ts":1665511200001,"kind":"lp_add","pool":"main","account":"lp","asset":"USDC","amount":"1000000"}
        {"ts":1665511200002,"kind":"deposit","pool":"main","account":"alice","asset":"USDC","amount":"1000"}
        {"ts":1665511200003,"kind":"withdraw","pool":"main","account":"alice","asset":"USDC","amount":"5000"}
        {"ts":1665511200004,"kind":"deposit","pool":"main","account":"alice","asset":"USDC","amount":12}

        {"ts":1665511200005,"kind":"trade","market":"ETH-PERP","account":"alice","size":"0.5"}
        """

    @Test func printsItsVersion() throws {
        let output = try BreakwaterProcess.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func theDefaultConfigValidates() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let shown = try BreakwaterProcess.run(["config", "show"])
        let path = folder.appendingPathComponent("config.yml")
        try Data(shown.stdout.utf8).write(to: path)
        let validated = try BreakwaterProcess.run(["validate", "--config", path.path])
        #expect(validated.status == 0)
        #expect(validated.stdout.contains("valid (2 pools, 3 markets"))
    }

    @Test func anInvalidConfigIsRefusedWithTheKey() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("bad.yml")
        try Data(
            "version: 1\nassets: [{ name: USDC, fixed_price: 1 }]\npools: [{ name: p, quote: USDC, collateral: [{ asset: USDC, weight: 1 }] }]\n"
                .utf8
        ).write(to: path)
        let output = try BreakwaterProcess.run(["validate", "--config", path.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("pools[0].collateral[0].weight: unknown key"))
    }

    @Test func replayReportsErrorsRejectionsAndCountsAsJSON() throws {
        let output = try BreakwaterProcess.run(["replay", "-", "--format", "json"], stdin: stream)
        #expect(output.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(report["events"] as? Int == 6)
        #expect(report["accepted"] as? Int == 4)
        #expect(report["rejected"] as? Int == 1)
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["line"] as? Int == 5)
        #expect(errors.first?["field"] as? String == "amount")
        let rejection = try #require((report["rejections"] as? [[String: Any]])?.first)
        #expect(rejection["line"] as? Int == 4)
        #expect(rejection["account"] as? String == "alice")
        #expect(rejection["code"] as? String == "insufficient_health")
        let outflows = try #require(report["outflows"] as? [String: Any])
        let alice = try #require((outflows["by_account"] as? [String: Any])?["alice"] as? [String: [String: String]])
        #expect(alice["USDC"] == ["deposited": "1000", "withdrawn": "0", "blocked": "5000"])
        #expect((report["journal_head"] as? String)?.count == 64)
        // One check per accepted ledger operation: lp_add, deposit, trade (oracle updates touch no pool).
        #expect((report["invariants"] as? [String: Any])?["checked"] as? Int == 3)
    }

    /// The options example of `docs/events.md` replays as the docs say.
    @Test func theDocumentedOptionsExampleReplaysCleanly() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/examples/options.jsonl")
        let output = try BreakwaterProcess.run(["replay", example.path, "--strict", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // Alice's last withdrawal of 450 passes only because the put paid her: 500 − 110 of premium + 100.
        #expect(report["accepted"] as? Int == 18)
        #expect(report["accepted"] as? Int == report["events"] as? Int)
        let main = try #require((report["pools"] as? [String: Any])?["main"] as? [String: [String: String]])
        #expect(main["USDC"]?["vault"] == "1004050")
        #expect(main["USDC"]?["option_escrow"] == "0")
        #expect(main["ETH"]?["option_escrow"] == "0")
        let violations = (report["invariants"] as? [String: Any])?["violations"] as? [Any]
        #expect(violations?.isEmpty == true)
    }

    @Test func strictStopsAtTheFirstBadLineWithExitCodeTwo() throws {
        let output = try BreakwaterProcess.run(["replay", "-", "--strict"], stdin: stream)
        #expect(output.status == 2)
        #expect(output.stderr.contains("line 5, field amount"))
    }

    @Test func anUnreadableStreamIsAClearError() throws {
        let output = try BreakwaterProcess.run(["replay", "/nonexistent/stream.jsonl"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot read stream"))
    }

    @Test func theDemoReportIsReproducedByReplay() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let demo = try BreakwaterProcess.run(["demo", "--seed", "11", "--out", folder.path])
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("oracle_manipulation"))
        #expect(demo.stdout.contains("saved"))
        let replay = try BreakwaterProcess.run([
            "replay", folder.appendingPathComponent("stream.jsonl").path,
            "--config", folder.appendingPathComponent("config.yml").path, "--format", "json",
        ])
        #expect(replay.status == 0)
        let written = try String(contentsOf: folder.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(replay.stdout == written)
    }

    @Test func benchReportsEveryFigureAsJSON() throws {
        let output = try BreakwaterProcess.run([
            "bench", "--events", "3000", "--lines", "2000", "--journal-events", "2000", "--benign-days", "1",
            "--format", "json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let engine = try #require(report["engine"] as? [String: Any])
        #expect(engine["events"] as? Int == 3000)
        #expect((engine["events_per_second"] as? Double ?? 0) > 0)
        #expect((engine["p99_nanoseconds"] as? Int ?? 0) >= (engine["p50_nanoseconds"] as? Int ?? 0))
        let replay = try #require(report["replay"] as? [String: Any])
        #expect(replay["lines"] as? Int == 2000)
        #expect((replay["journal_head"] as? String)?.count == 64)
        let journal = try #require(report["journal"] as? [String: Any])
        #expect(journal["events"] as? Int == 2000)
        #expect((journal["records"] as? Int ?? 0) > 4000)
        #expect((journal["append_records_per_second"] as? Double ?? 0) > 0)
        #expect((journal["verify_records_per_second"] as? Double ?? 0) > 0)
        #expect((journal["replay_events_per_second"] as? Double ?? 0) > 0)
        #expect(journal["replay_reaches_head"] as? Bool == true)
        #expect((report["peak_resident_bytes"] as? Int ?? 0) > 0)
        let benign = try #require(report["benign"] as? [String: Any])
        #expect(benign["days"] as? Int == 1)
        #expect(benign["pauses"] as? Int == 0)
    }

    @Test func policyExplainShowsEveryThresholdAndItsSource() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("shadow.yml")
        let shown = try BreakwaterProcess.run(["config", "show"]).stdout
        let yaml = shown.replacingOccurrences(of: "  enforce: true", with: "  enforce: false")
        #expect(yaml != shown)
        try Data(yaml.utf8).write(to: path)
        let output = try BreakwaterProcess.run(["policy", "explain", "--config", path.path, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let explanation = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        )
        let thresholds = try #require(explanation["thresholds"] as? [[String: String]])
        let enforce = thresholds.first { $0["key"] == "policy.enforce" }
        #expect(enforce?["value"] == "false")
        #expect(enforce?["source"] == "config")
        #expect(
            thresholds.contains { $0["key"] == "policy.detectors.wash.size_tolerance" && $0["source"] == "default" }
        )
        let text = try BreakwaterProcess.run(["policy", "explain"])
        #expect(text.stdout.contains("Responses (config table"), "the embedded config writes its table out")
    }

    @Test func benchRefusesNonsense() throws {
        let output = try BreakwaterProcess.run(["bench", "--events", "0"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--events must be positive"))
    }
}
