import Foundation
import Testing

/// `breakwater simulate`: a scenario's stream, reproducible from its seed, that replay takes.
@Suite struct SimulateCLITests {
    @Test func aScenarioIsWrittenAsAStreamThatReplays() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let first = folder.appendingPathComponent("a.jsonl").path
        let second = folder.appendingPathComponent("b.jsonl").path
        for path in [first, second] {
            let run = try BreakwaterProcess.run(["simulate", "--scenario", "bad_print", "--seed", "4", "--hours", "2", "--out", path])
            #expect(run.status == 0 && run.stderr.contains("bad_print (seed 4)"), "\(run.stderr)")
        }
        #expect(try String(contentsOfFile: first, encoding: .utf8) == String(contentsOfFile: second, encoding: .utf8))
        let replay = try BreakwaterProcess.run(["replay", first, "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"oracle_failure\""))
        let unknown = try BreakwaterProcess.run(["simulate", "--scenario", "rugpull"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown scenario rugpull"))
    }
}
