import Foundation
import Testing

/// `breakwater simulate`: a scenario's stream, reproducible from its seed, that replay takes.
@Suite struct SimulateCLITests {
    @Test func aScenarioIsWrittenAsAStreamThatReplays() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let first = folder.appendingPathComponent("a.jsonl").path
        let second = folder.appendingPathComponent("b.jsonl").path
        for path in [first, second] {
            let run = try BreakwaterProcess.run([
                "simulate", "--scenario", "bad_print", "--seed", "4", "--hours", "2", "--out", path,
            ])
            #expect(run.status == 0 && run.stderr.contains("bad_print (seed 4)"), "\(run.stderr)")
        }
        #expect(try String(contentsOfFile: first, encoding: .utf8) == String(contentsOfFile: second, encoding: .utf8))
        let replay = try BreakwaterProcess.run(["replay", first, "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"oracle_failure\""))
        // Historical bars: the ETH feeds follow them from the first bar.
        var csv = "open_time_ms,open,high,low,close\n"
        for hour in 0..<3 {
            csv +=
                "\(1_583_971_200_000 + Int64(hour) * 3_600_000),\(200 - hour * 10),\(205 - hour * 10),\(180 - hour * 10),\(190 - hour * 10)\n"
        }
        let bars = folder.appendingPathComponent("eth.csv")
        try csv.write(to: bars, atomically: true, encoding: .utf8)
        let historical = folder.appendingPathComponent("h.jsonl").path
        let run = try BreakwaterProcess.run([
            "simulate", "--scenario", "benign", "--hours", "2", "--prices", "ETH=\(bars.path)", "--out", historical,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let opening = try #require(try String(contentsOfFile: historical, encoding: .utf8).split(separator: "\n").first)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(opening.utf8)) as? [String: Any])
        #expect(line["ts"] as? Int == 1_583_971_200_000 && line["feed"] as? String == "pyth-eth")
        let price = try #require(Double(line["price"] as? String ?? ""))
        #expect(abs(price - 200) < 1, "the first bar's open, with the feed's noise: \(price)")
        let missing = try BreakwaterProcess.run(["simulate", "--prices", "DOGE=\(bars.path)"])
        #expect(missing.status == 1 && missing.stderr.contains("no asset DOGE"))
        let unknown = try BreakwaterProcess.run(["simulate", "--scenario", "rugpull"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown scenario rugpull"))
    }

    /// The scenarios on real series take them from `--series DIR`, with their start and span built in; without it
    /// the error names the flags.
    @Test func aScenarioOnARealSeriesTakesItsFolder() throws {
        let without = try BreakwaterProcess.run(["simulate", "--scenario", "dai_feed_fault"])
        #expect(without.status != 0 && without.stderr.contains("--series DIR"), "\(without.stderr)")
        #expect(
            without.stderr.contains("--prices ETH=DIR/eth_usdt_binance_1h_2020-11-24_to_2020-11-28_compound_dai.csv")
        )
        let folder = try BreakwaterProcess.temporaryDirectory()
        let bars = (0..<8).map { hour in "\(1_606_370_400_000 + Int64(hour) * 3_600_000),600,610,590,605" }
        let file = folder.appendingPathComponent("eth_usdt_binance_1h_2020-11-24_to_2020-11-28_compound_dai.csv")
        try (["open_time_ms,open,high,low,close"] + bars).joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try BreakwaterProcess.run(["simulate", "--scenario", "dai_feed_fault", "--series", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("over 4 h"), "the series' span: \(run.stderr)")
        #expect(
            run.stdout.prefix(300).contains(#""ts":1606370400000"#),
            "from 26 November 06:00: \(run.stdout.prefix(300))"
        )
    }
}
