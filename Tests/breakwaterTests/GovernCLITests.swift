import Foundation
import Testing

/// `breakwater govern` and `keys revoke`: signed governance lines drafted, signed, added to a journal and read back.
@Suite struct GovernCLITests {
    /// A folder with keys, a config that names them, and a journal of the demo's stream under that config.
    struct Deployment {
        let folder: URL
        let config: String
        let journal: String
        let lastTimestamp: Int64

        init() async throws {
            folder = try BreakwaterProcess.temporaryDirectory()
            var keys: [String: String] = [:]
            for name in ["g1", "g2", "g3", "g4", "v1"] {
                let generate = try BreakwaterProcess.run(["keys", "generate", "--name", name, "--dir", folder.path])
                #expect(generate.status == 0, "\(generate.stderr)")
                keys[name] = generate.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let reference = try BreakwaterProcess.run(["config", "show"]).stdout
            config = folder.appendingPathComponent("config.yml").path
            try
                (reference + """

                    governance:
                      domain: test-1
                      guardians: { keys: ["\(keys["g1"]!)", "\(keys["g2"]!)", "\(keys["g3"]!)", "\(keys["g4"]!)"], threshold: 2, supermajority: 3 }
                      dao: { voters: [{ key: "\(keys["v1"]!)", power: "100" }], voting_period_ms: 1000, timelock_ms: 1000 }

                    """).write(toFile: config, atomically: true, encoding: .utf8)
            let out = folder.appendingPathComponent("demo").path
            #expect(try BreakwaterProcess.run(["demo", "--out", out]).status == 0)
            let stream = out + "/stream.jsonl"
            journal = folder.appendingPathComponent("run.journal").path
            let replay = try BreakwaterProcess.run(["replay", stream, "--config", config, "--journal", journal])
            #expect(replay.status == 0, "\(replay.stderr)")
            let last = try #require(try String(contentsOfFile: stream, encoding: .utf8).split(separator: "\n").last)
            let data = Data(last.utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            lastTimestamp = try #require((object["ts"] as? NSNumber)?.int64Value)
        }

        func key(_ name: String) -> String { folder.appendingPathComponent(name + ".key").path }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let result = try BreakwaterProcess.run(arguments)
            return (result.status, result.stdout, result.stderr)
        }
    }

    @Test func guardiansPauseAndTheDAOUnpausesThroughAJournal() async throws {
        let deployment = try await Deployment()
        let t = deployment.lastTimestamp + 1_000
        let pause = deployment.path("pause.jsonl")
        let common = ["--config", deployment.config]
        #expect(
            try deployment.run(
                [
                    "govern", "propose", "--action", "pause", "--pool", "main", "--nonce", "1", "--expires-at",
                    "\(t + 60_000)", "--ts", "\(t)", "--out", pause,
                ] + common
            ).status == 0
        )
        for signer in ["g1", "g2", "g1"] {
            let sign = try deployment.run(["govern", "sign", pause, "--key", deployment.key(signer)] + common)
            #expect(sign.status == 0, "\(sign.stderr)")
        }
        let line = try String(contentsOfFile: pause, encoding: .utf8)
        #expect(line.components(separatedBy: "\"signature\"").count == 3, "two distinct signatures: \(line)")
        let submit = try deployment.run(["govern", "submit", pause, "--journal", deployment.journal])
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.contains("event 1: pause by guardian"), "\(submit.stdout)")

        let dao = deployment.path("dao.jsonl")
        let steps: [[String]] = [
            [
                "propose", "--role", "governor", "--action", "unpause", "--pool", "main", "--nonce", "2",
                "--expires-at", "\(t + 60_000)", "--ts", "\(t + 100)",
            ],
            ["vote", "--proposal", "1", "--support", "for", "--key", deployment.key("v1"), "--ts", "\(t + 200)"],
            ["queue", "--proposal", "1", "--ts", "\(t + 1_200)"],
            ["execute", "--proposal", "1", "--ts", "\(t + 1_300)"],
            ["execute", "--proposal", "1", "--ts", "\(t + 2_300)"],
        ]
        for step in steps {
            let result = try deployment.run(["govern"] + step + ["--out", dao] + common)
            #expect(result.status == 0, "\(step[0]): \(result.stderr)")
            if step[0] == "propose" {
                #expect(
                    try deployment.run(["govern", "sign", dao, "--key", deployment.key("v1")] + common).status == 0
                )
            }
        }
        let decided = try deployment.run(["govern", "submit", dao, "--journal", deployment.journal])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("event 4: refused execute: timelock"), "\(decided.stdout)")
        #expect(decided.stdout.contains("event 5: unpause by governance: proposal 1 executed"), "\(decided.stdout)")

        let status = try deployment.run(["govern", "status", "--journal", deployment.journal, "--format", "json"])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let proposals = try #require(json["proposals"] as? [[String: Any]])
        #expect(proposals.first?["status"] as? String == "executed")
        #expect((json["pauses"] as? [Any])?.isEmpty == true)
        #expect(json["nonces_used"] as? Int == 2)
        #expect(try deployment.run(["journal", "verify", deployment.journal]).status == 0)
        let replay = try deployment.run(["replay", "--from-journal", deployment.journal])
        #expect(replay.stderr.contains("to the journal's head"), "\(replay.stderr)")
    }

    @Test func keysRevokeDraftsARevocationThatTheGuardiansSign() async throws {
        let deployment = try await Deployment()
        let t = deployment.lastTimestamp + 1_000
        let draft = deployment.path("revoke.jsonl")
        let common = ["--config", deployment.config]
        let revoke = try deployment.run(
            [
                "keys", "revoke", deployment.path("g3.pub"), "--nonce", "5", "--expires-at", "\(t + 60_000)", "--ts",
                "\(t)", "--out", draft,
            ] + common
        )
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try deployment.run(["govern", "sign", draft, "--key", deployment.key("g1")] + common).status == 0)
        let few = try deployment.run(["govern", "submit", draft, "--journal", deployment.journal])
        #expect(few.stdout.contains("refused signed_action: below_threshold"), "\(few.stdout)")
        let unsigned = deployment.path("revoke-2.jsonl")
        _ = try deployment.run(
            [
                "keys", "revoke", deployment.path("g3.pub"), "--nonce", "6", "--expires-at", "\(t + 60_000)", "--ts",
                "\(t + 1)", "--out", unsigned,
            ] + common
        )
        for signer in ["g1", "g2"] {
            _ = try deployment.run(["govern", "sign", unsigned, "--key", deployment.key(signer)] + common)
        }
        let done = try deployment.run(["govern", "submit", unsigned, "--journal", deployment.journal])
        #expect(done.stdout.contains("revoke_key by guardian"), "\(done.stdout)")
        let status = try deployment.run(["govern", "status", "--journal", deployment.journal])
        #expect(status.stdout.contains("guardians: 3 keys"), "\(status.stdout)")
        let notAKey = try deployment.run([
            "keys", "revoke", "nonsense", "--nonce", "7", "--expires-at", "1", "--ts", "1",
        ])
        #expect(notAKey.status == 1 && notAKey.stderr.contains("neither a public key file"))
    }
}
