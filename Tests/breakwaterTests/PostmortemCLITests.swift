import Foundation
import Testing

/// `replay --from-journal --policy` and `postmortem` through the real binary; the post-mortem page in a real
/// headless browser.
@Suite struct PostmortemCLITests {
    /// The demo's journal in a fresh folder.
    static func demoJournal(governed: Bool = true) throws -> (folder: URL, journal: String) {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let journal = folder.appendingPathComponent("demo.journal").path
        let demo = try BreakwaterProcess.run(["demo", "--journal", journal] + (governed ? [] : ["--no-governance"]))
        #expect(demo.status == 0, "\(demo.stderr)")
        return (folder, journal)
    }

    /// Without the browser a CI run must fail, not skip: `.ci/run` installs it.
    static var browserExpected: Bool {
        HeadlessBrowser.executable != nil || ProcessInfo.processInfo.environment["CI"] != nil
    }

    /// Without the guardians' hotfix, shadow mode lets the attacker's withdrawals through.
    @Test func aCounterfactualPolicyIsReportedInTextAndJSON() throws {
        let (folder, journal) = try Self.demoJournal(governed: false)
        let policy = folder.appendingPathComponent("shadow.yml")
        try Data("enforce: false\n".utf8).write(to: policy)
        let json = try BreakwaterProcess.run([
            "replay", "--from-journal", journal, "--policy", policy.path, "--format", "json",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let counterfactual = try #require(report["counterfactual"] as? [String: Any])
        #expect(counterfactual["policy"] as? String == policy.path)
        let outflows = try #require(counterfactual["outflows"] as? [String: Any])
        #expect((outflows["allowed"] as? [Any])?.isEmpty == false)
        let loss = try #require(counterfactual["loss"] as? [String: Any])
        #expect((loss["saved"] as? String)?.hasPrefix("-") == true)
        let text = try BreakwaterProcess.run(["replay", "--from-journal", journal, "--policy", policy.path])
        #expect(
            text.stdout.contains("Counterfactual under \(policy.path)")
                && text.stdout.contains("this policy would have added")
        )
    }

    /// `--from-journal A --journal B` journals the recorded run again: the same records and head; with `--policy`,
    /// the run under that policy.
    @Test func aRecordedRunIsJournaledAgain() throws {
        let (folder, journal) = try Self.demoJournal()
        let copy = folder.appendingPathComponent("copy.journal").path
        let again = try BreakwaterProcess.run([
            "replay", "--from-journal", journal, "--journal", copy, "--format", "json",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        let verify = try BreakwaterProcess.run(["journal", "verify", journal])
        let verifyCopy = try BreakwaterProcess.run(["journal", "verify", copy])
        #expect(
            verify.stdout.split(separator: ":").last == verifyCopy.stdout.split(separator: ":").last,
            "the same count and head"
        )
        let policy = folder.appendingPathComponent("shadow.yml")
        try Data("enforce: false\n".utf8).write(to: policy)
        let shadow = folder.appendingPathComponent("shadow.journal").path
        let run = try BreakwaterProcess.run([
            "replay", "--from-journal", journal, "--journal", shadow, "--policy", policy.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try BreakwaterProcess.run(["journal", "verify", shadow]).status == 0)
        #expect(
            try BreakwaterProcess.run(["journal", "verify", shadow]).stdout
                != verifyCopy.stdout.replacingOccurrences(of: copy, with: shadow)
        )
        let same = try BreakwaterProcess.run(["replay", "--from-journal", journal, "--journal", journal])
        #expect(same.status == 64 && same.stderr.contains("--journal must name another file"))
    }

    @Test func aBadPolicyOrAPolicyWithoutAJournalIsRefused() throws {
        let (folder, journal) = try Self.demoJournal()
        let policy = folder.appendingPathComponent("typo.yml")
        try Data("price_band:\n  widht: \"0.05\"\n".utf8).write(to: policy)
        let typo = try BreakwaterProcess.run(["replay", "--from-journal", journal, "--policy", policy.path])
        #expect(typo.status == 1 && typo.stderr.contains("policy.price_band.widht: unknown key"))
        let alone = try BreakwaterProcess.run(["replay", "stream.jsonl", "--policy", policy.path])
        #expect(alone.status == 64 && alone.stderr.contains("--policy replays a journal under another policy"))
    }

    @Test(.enabled(if: browserExpected)) func thePostmortemPageRendersWithItsChartsAndNoScriptErrors() throws {
        let (folder, journal) = try Self.demoJournal()
        let out = folder.appendingPathComponent("postmortem")
        let run = try BreakwaterProcess.run(["postmortem", journal, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["postmortem.md", "postmortem.json", "postmortem.html"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let markdown = try String(contentsOf: out.appendingPathComponent("postmortem.md"), encoding: .utf8)
        #expect(
            markdown.contains("## INC-0001 oracle_manipulation in pool alts")
                && markdown.contains("### Attacker accounts")
        )
        let html = out.appendingPathComponent("postmortem.html").path
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let withoutNamespace = page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http") && !withoutNamespace.contains("src="), "the page fetches nothing")
        let rendering = try HeadlessBrowser.render(html)
        #expect(rendering.errors.isEmpty, "\(rendering.errors)")
        #expect(
            rendering.dom.components(separatedBy: "<svg class=\"chart\"").count - 1 >= 3,
            "price, liquidity and breaker charts"
        )
        #expect(rendering.dom.contains("MNGO price") && rendering.dom.contains("breaker levels"))
        #expect(rendering.dom.contains("mallory-long"))
    }

    @Test func anUnknownIncidentIsAClearError() throws {
        let (folder, journal) = try Self.demoJournal()
        let run = try BreakwaterProcess.run([
            "postmortem", journal, "--incident", "INC-0009", "--out", folder.appendingPathComponent("pm").path,
        ])
        #expect(run.status == 1 && run.stderr.contains("no incident INC-0009: it records INC-0001"))
    }
}
