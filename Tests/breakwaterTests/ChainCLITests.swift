import BreakwaterChain
import BreakwaterCore
import BreakwaterFormats
import Foundation
import Testing

/// `breakwater chain check` against the bundled contracts on the local chain, against a chain that is another or
/// not there, and with a config that does not load; and real transactions' logs mapped to events.
@Suite(.serialized) struct ChainCLITests {
    static let unreachable = """
        rpc: http://127.0.0.1:1/v3/secret-key
        chain_id: 1337
        contracts:
          - {name: feed, address: "0x1000000000000000000000000000000000000002"}
        events:
          - contract: feed
            signature: "AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)"
            kind: oracle
            set: {feed: chainlink-eth}
            map: {price: {param: current, decimals: 8}}
        """

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aConfigThatDoesNotLoadExitsWith64AndNamesTheKey() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("chain.yml").path
        try Data(Self.unreachable.replacingOccurrences(of: "contract: feed", with: "contract: fed").utf8)
            .write(to: URL(fileURLWithPath: path))
        let output = try BreakwaterProcess.run(["chain", "check", "--chain", path])
        #expect(output.status == 64)
        #expect(output.stderr.contains("events[0].contract: unknown contract fed"), "\(output.stderr)")
        #expect(!output.stderr.contains("secret-key"))
        let missing = try BreakwaterProcess.run([
            "chain", "check", "--chain", folder.appendingPathComponent("none.yml").path,
        ])
        #expect(missing.status == 64 && missing.stderr.contains("cannot read chain config"))
    }

    @Test func aNodeThatIsNotThereFailsTheCheckWithoutShowingItsKey() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let path = folder.appendingPathComponent("chain.yml").path
        try Data(Self.unreachable.utf8).write(to: URL(fileURLWithPath: path))
        let output = try BreakwaterProcess.run([
            "chain", "check", "--chain", path, "--format", "json", "--timeout", "1",
        ])
        #expect(output.status == 1)
        let report = try Self.json(output.stdout)
        #expect(report["ok"] as? Bool == false && report["endpoints"] as? [String] == ["http://127.0.0.1:1"])
        let mappings = try #require(report["mappings"] as? [[String: Any]])
        #expect(
            mappings.first?["topic"] as? String == "0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f"
        )
        #expect(!(output.stdout + output.stderr).contains("secret-key"))
    }

    /// The benchmark's node answers as a node does: every generated log maps and decodes, every block has its marker.
    @Test func theBenchmarksChainMapsWhole() throws {
        let chain = LocalChain.repository.appendingPathComponent("contracts/chain.yml").path
        let output = try BreakwaterProcess.run([
            "chain", "bench", "--chain", chain, "--blocks", "300", "--memory-blocks", "50", "--latency-blocks", "5",
            "--executor-decisions", "20", "--pause-trials", "2", "--format", "json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try Self.json(output.stdout)
        let throughput = try #require(report["throughput"] as? [String: Any])
        #expect(throughput["blocks"] as? Int == 300 && throughput["logs"] as? Int == 3_000)
        #expect(throughput["lines"] as? Int == 3_300 && throughput["bad_lines"] as? Int == 0)
        #expect((throughput["accepted"] as? Int ?? 0) > 2_000)
        let memory = try #require(report["memory"] as? [String: Any])
        #expect(memory["blocks"] as? Int == 50 && memory["logs"] as? Int == 5)
        // Every block that appeared over time was decided and timed (the times themselves are not a test's).
        let latency = try #require(report["latency"] as? [String: Any])
        #expect(latency["blocks"] as? Int == 5 && latency["poll_interval_ms"] as? Int == 250)
        // Each pause was signed, kept and sent; each attack on a fresh service ended in a pause the node received.
        let executor = try #require(report["executor"] as? [String: Any])
        #expect(executor["decisions"] as? Int == 20)
        let pause = try #require(report["pause"] as? [String: Any])
        #expect(pause["trials"] as? Int == 2 && (pause["p50_ms"] as? Double ?? 0) > 0)
    }

    @Test(.enabled(if: LocalChain.isAvailable)) func theBundledContractsPassTheCheckAndAnotherChainDoesNot() throws {
        let chain = try LocalChain()
        let yaml = try chain.chainYAML()
        for (name, address) in chain.state.contracts where yaml.contains(name) {
            #expect(yaml.contains(address), "contracts/chain.yml has the address serve deploys for \(name)")
        }
        let good = try BreakwaterProcess.run([
            "chain", "check", "--chain", try chain.write(yaml, to: "chain.yml"), "--format", "json",
        ])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        let report = try Self.json(good.stdout)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(report["ok"] as? Bool == true && checks.count >= 2 + chain.state.contracts.count - 2)

        let otherChain = yaml.replacingOccurrences(of: "chain_id: 1337", with: "chain_id: 1")
        let wrong = try BreakwaterProcess.run([
            "chain", "check", "--chain", try chain.write(otherChain, to: "other.yml"),
        ])
        #expect(wrong.status == 1 && wrong.stdout.contains("FAIL \(chain.state.rpc) is chain 1: it reports chain 1337"))

        let vault = try #require(chain.state.contracts["vault"])
        let noCode = yaml.replacingOccurrences(of: vault, with: "0x00000000000000000000000000000000000000ff")
        let empty = try BreakwaterProcess.run(["chain", "check", "--chain", try chain.write(noCode, to: "nocode.yml")])
        #expect(
            empty.status == 1
                && empty.stdout.contains(
                    "FAIL contract vault has code at 0x00000000000000000000000000000000000000ff: no code there"
                )
        )
    }

    /// With an `executor` section the check shows the pauser (never its key), its balance and nonce, each action
    /// mapping's selector, and whether each call would succeed now from the pauser: the vault's `unpause()` is the
    /// owner's, so it fails the check, named.
    @Test(.enabled(if: LocalChain.isAvailable)) func theCheckTriesTheExecutorsCallsFromThePauser() throws {
        let chain = try LocalChain()
        let yaml = try ExecutorCLITests.actingYAML(
            chain,
            actions: [
                #"{action: pause, scope: {pool: main}, contract: vault, call: "pause()"}"#,
                #"{action: pause, scope: {protocol: true}, contract: perp, call: "pause()"}"#,
                #"{action: unpause, contract: vault, call: "unpause()"}"#,
            ]
        )
        let checked = try BreakwaterProcess.run(["chain", "check", "--chain", yaml, "--format", "json"])
        #expect(checked.status == 1, "\(checked.stdout)\(checked.stderr)")
        let report = try Self.json(checked.stdout)
        let section = try #require(report["executor"] as? [String: Any])
        let pauser = try #require(chain.state.accounts["pauser"])
        #expect((section["address"] as? String)?.lowercased() == pauser.lowercased())
        #expect(section["nonce"] as? Int == 0 && (section["balance_wei"] as? String)?.count ?? 0 > 18)
        let actions = try #require(section["actions"] as? [[String: Any]])
        #expect(actions.map { $0["selector"] as? String } == ["0x8456cb59", "0x8456cb59", "0x3f4ba83a"])
        #expect(actions.map { $0["scope"] as? String } == ["pool main", "protocol", "any"])
        let checks = try #require(report["checks"] as? [[String: Any]])
        let failed = checks.filter { $0["ok"] as? Bool == false }.map { "\($0["name"] ?? "") \($0["detail"] ?? "")" }
        #expect(failed.count == 1, "\(failed)")
        #expect(failed.first?.contains("executor.actions[2] unpause() on vault") == true, "\(failed)")
        #expect(failed.first?.contains("only the owner unpauses") == true, "\(failed)")
        #expect(!checked.stdout.contains(String(repeating: "0", count: 63) + "2"), "the key is never shown")

        let text = try BreakwaterProcess.run(["chain", "check", "--chain", yaml])
        #expect(text.stdout.contains("pause (pool main) -> vault"), "\(text.stdout)")
        #expect(text.stdout.contains("selector 0x8456cb59"), "\(text.stdout)")
    }

    @Test(.enabled(if: LocalChain.isAvailable)) func realTransactionsLogsBecomeTheEventsTheyMeanInOrder() async throws {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let steps = try chain.drive("mango")
        #expect(steps.allSatisfy { $0["status"] as? Int == 1 }, "\(steps)")
        let config = try ConfigLoader.load(yaml: DefaultProtocol.yaml)
        let loaded = try ChainConfig.load(yaml: try chain.chainYAML(), protocol: config, environment: [:])
        let client = JSONRPCClient(endpoints: loaded.endpoints)
        let head = try await client.blockNumber()
        let logs = try await client.logs(in: 0...head, addresses: loaded.watchedAddresses, topics: loaded.watchedTopics)
        var mapper = LogMapper(config: config, chain: loaded)
        var lines: [String] = []
        var decoder = EventDecoder(config: config)
        for log in logs {
            let block = try #require(try await client.blocks([log.blockNumber]).first)
            let event = try #require(try mapper.event(for: log, at: Timestamp(milliseconds: block.timestamp * 1_000)))
            lines.append(mapper.line(for: event))
            // The stream's own reader takes every line back.
            _ = try decoder.decode(Array(lines[lines.count - 1].utf8), number: lines.count)
        }
        let alice = try #require(chain.state.accounts["alice"])
        let attacker = try #require(chain.state.accounts["attacker"])
        #expect(
            lines.contains {
                $0.contains(#""account":"\#(alice)","amount":"1000","asset":"USDC""#)
                    && $0.contains(#""kind":"deposit""#)
            },
            "\(lines)"
        )
        let mngoPrices = lines.filter { $0.contains(#""kind":"oracle""#) && $0.contains(#""asset":"MNGO""#) }
        #expect(
            mngoPrices.contains { $0.contains(#""price":"0.2""#) }
                && mngoPrices.contains { $0.contains(#""price":"0.4""#) },
            "\(mngoPrices)"
        )
        #expect(
            lines.last?.contains(#""account":"\#(attacker)""#) == true
                && lines.last?.contains(#""kind":"withdraw""#) == true
        )
        // Provenance: every line names its block, transaction and index, in (block, index) order.
        let places = logs.map { [$0.blockNumber, $0.logIndex] }
        #expect(places == places.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(lines.allSatisfy { $0.contains(#""tx":"0x"#) && $0.contains(#""log_index":"#) })
    }

    @Test(.enabled(if: LocalChain.isAvailable)) func anExportedRangeReplaysAndItsJournalGivesItBack() throws {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let steps = try chain.drive("mango")
        let borrow = try #require(steps.last)
        let head = try #require(borrow["block"] as? Int)
        let yaml = try chain.write(try chain.chainYAML(), to: "chain.yml")
        let events = chain.folder.appendingPathComponent("events.jsonl").path
        let export = try BreakwaterProcess.run([
            "chain", "export", "--chain", yaml, "--from-block", "1", "--out", events,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("\(head) blocks"), "\(export.stderr)")

        // Every block has its marker, in order, and every log follows its own block's marker.
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").map {
            try Self.json(String($0))
        }
        let markers = lines.filter { $0["kind"] as? String == "block" }
        #expect(markers.compactMap { $0["block"] as? Int } == Array(1...head))
        var marker: [String: Any] = [:]
        for line in lines {
            if line["kind"] as? String == "block" {
                marker = line
                continue
            }
            #expect(line["block"] as? Int == marker["block"] as? Int)
            #expect(line["block_hash"] as? String == marker["block_hash"] as? String)
            #expect(line["ts"] as? Int == marker["ts"] as? Int)
        }
        let withdraw = try #require(lines.last)
        #expect(withdraw["kind"] as? String == "withdraw" && withdraw["tx"] as? String == borrow["tx"] as? String)
        #expect(withdraw["block"] as? Int == head)

        // The replay decides the chain's events, and its journal (format 3) gives back the same lines.
        let journal = chain.folder.appendingPathComponent("run.journal").path
        let replay = try BreakwaterProcess.run(["replay", events, "--journal", journal, "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let report = try Self.json(replay.stdout)
        let incidents = try #require(report["incidents"] as? [[String: Any]])
        #expect(!incidents.isEmpty, "the manipulated price is seen: \(replay.stdout)")
        // Each signal names the log that raised it: the feed's update, in its block and transaction.
        let signals = incidents.flatMap { $0["signals"] as? [[String: Any]] ?? [] }
        let updates = lines.filter { $0["kind"] as? String == "oracle" && $0["asset"] as? String == "MNGO" }
        #expect(!signals.isEmpty)
        for signal in signals {
            #expect(
                updates.contains {
                    $0["block"] as? Int == signal["block"] as? Int && $0["tx"] as? String == signal["tx"] as? String
                        && $0["log_index"] as? Int == signal["log_index"] as? Int
                },
                "\(signal)"
            )
        }
        let exported = try BreakwaterProcess.run(["journal", "export", journal])
        #expect(exported.stdout == (try String(contentsOfFile: events, encoding: .utf8)))

        // The post-mortem's timeline names the block and transaction of each signal.
        let folder = chain.folder.appendingPathComponent("postmortem").path
        let postmortem = try BreakwaterProcess.run(["postmortem", journal, "--out", folder, "--no-threshold-variants"])
        #expect(postmortem.status == 0, "\(postmortem.stderr)")
        let markdown = try String(contentsOfFile: folder + "/postmortem.md", encoding: .utf8)
        for signal in signals {
            let tx = try #require(signal["tx"] as? String)
            let block = try #require(signal["block"] as? Int)
            #expect(markdown.contains("(block \(block), tx \(tx.prefix(10))…)"), "\(markdown)")
        }

        // Observed, the chain's events are facts: the borrow the engine would refuse (it has no valid MNGO price to
        // value the collateral at) is applied, raises unsafe_effect and pauses the pool; the journal records observer
        // mode, so --from-journal decides the same to the same head.
        let observedJournal = chain.folder.appendingPathComponent("observed.journal").path
        let observed = try BreakwaterProcess.run([
            "replay", "--observed", events, "--journal", observedJournal, "--format", "json",
        ])
        #expect(observed.status == 0, "\(observed.stderr)")
        let observedReport = try Self.json(observed.stdout)
        let observedIncidents = try #require(observedReport["incidents"] as? [[String: Any]])
        let unsafe = try #require(
            observedIncidents.flatMap { $0["signals"] as? [[String: Any]] ?? [] }
                .first { $0["kind"] as? String == "unsafe_effect" },
            "\(observed.stdout)"
        )
        #expect(unsafe["tx"] as? String == borrow["tx"] as? String && unsafe["block"] as? Int == head)
        #expect((unsafe["evidence"] as? String)?.hasPrefix("would refuse no_price: no valid price for MNGO") == true)
        let pause = try #require(
            (observedReport["actions"] as? [[String: Any]])?.first { $0["action"] as? String == "pause" },
            "\(observed.stdout)"
        )
        #expect(pause["tx"] as? String == borrow["tx"] as? String && pause["enforced"] as? Bool == true)
        let observedRejections = (observedReport["rejections"] as? [[String: Any]] ?? []).compactMap {
            $0["code"] as? String
        }
        #expect(observedRejections.allSatisfy { $0.hasPrefix("oracle_") }, "only the guard's: \(observedRejections)")
        let again = try BreakwaterProcess.run(["replay", "--from-journal", observedJournal, "--format", "json"])
        #expect(again.stderr.contains("to the journal's head"), "\(again.stderr)")
        #expect(try Self.json(again.stdout)["journal_head"] as? String == observedReport["journal_head"] as? String)
        let both = try BreakwaterProcess.run(["replay", "--observed", "--from-journal", observedJournal])
        #expect(both.status == 64 && both.stderr.contains("drop --observed"), "\(both.stderr)")

        // --to-block bounds the range; a range past the head is refused.
        let first = try BreakwaterProcess.run([
            "chain", "export", "--chain", yaml, "--from-block", "2", "--to-block", "3",
        ])
        #expect(first.status == 0 && first.stdout.split(separator: "\n").first?.contains(#""block":2"#) == true)
        #expect(first.stdout.split(separator: "\n").filter { $0.contains(#""kind":"block""#) }.count == 2)
        let beyond = try BreakwaterProcess.run(["chain", "export", "--chain", yaml, "--from-block", "\(head + 5)"])
        #expect(beyond.status == 1 && beyond.stderr.contains("is after the last block to export, \(head)"))
    }

    /// `run --chain`: the service follows the chain's blocks as they come, sees the exploit in real transactions,
    /// journals exactly what `chain export` writes of the same blocks, and resumes that journal without a block
    /// twice.
    @Test(.enabled(if: LocalChain.isAvailable)) func theServiceFollowsTheChainAndResumesWithoutABlockTwice()
        async throws
    {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let yaml = try chain.write(try chain.chainYAML(), to: "chain.yml")
        let journal = chain.folder.appendingPathComponent("live.journal").path

        func start() throws -> (Process, Int) {
            let port = try RunCLITests.freePort()
            let process = Process()
            process.executableURL = BreakwaterProcess.binary
            process.arguments = [
                "run", "--chain", yaml, "--journal", journal, "--port", String(port), "--quiet-seconds", "600",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, port)
        }
        func stop(_ process: Process) {
            process.terminate()
            process.waitUntilExit()
        }
        func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

        var (service, port) = try start()
        // Blocks 1 to 3: three markers and the setup's and alice's events.
        let first = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= 7 }
        #expect(first?["source"] as? String == "chain 1337 at \(chain.state.rpc)", "\(String(describing: first))")
        let steps = try chain.drive("mango")
        let head = try #require(steps.last?["block"] as? Int)
        let expected = try BreakwaterProcess.run(["chain", "export", "--chain", yaml, "--from-block", "1"])
        let expectedLines = lines(expected.stdout)
        let caughtUp = await RunCLITests.await(port, "/api/health", seconds: 60) {
            $0["events"] as? Int == expectedLines.count
        }
        #expect(caughtUp != nil, "the service decided every block up to \(head)")
        // An observer: the mined borrow is applied and raises unsafe_effect, named by its block and transaction.
        let incidents = await RunCLITests.list(port, "/api/incidents")
        let signals = incidents.flatMap { $0["signals"] as? [[String: Any]] ?? [] }
        let signal = try #require(signals.first { $0["kind"] as? String == "unsafe_effect" }, "\(incidents)")
        #expect(
            signal["tx"] as? String == steps.last?["tx"] as? String && signal["block"] as? Int == head,
            "/api/incidents names the transaction that raised the signal: \(signal)"
        )
        if PostmortemCLITests.browserExpected {
            // The status page shows it too.
            let page = try HeadlessBrowser.render(
                url: try #require(URL(string: "http://127.0.0.1:\(port)/")),
                waitingFor: "unsafe_effect"
            )
            let tx = try #require(signal["tx"] as? String)
            let block = try #require(signal["block"] as? Int)
            #expect(page.errors.isEmpty, "\(page.errors)")
            #expect(page.dom.contains("(block \(block), tx \(tx.prefix(10))…)"), "\(page.dom)")
        }
        stop(service)
        #expect(service.terminationReason == .exit && service.terminationStatus == 0)

        // The journal holds what the export writes of the same blocks, and replays as observed to its head.
        let journaled = try BreakwaterProcess.run(["journal", "export", journal])
        #expect(lines(journaled.stdout) == expectedLines)
        let replayed = try BreakwaterProcess.run(["replay", "--from-journal", journal])
        #expect(replayed.stderr.contains("to the journal's head"), "\(replayed.stderr)")

        // Resumed: the blocks it has are decided again, not journaled again; new blocks follow.
        (service, port) = try start()
        defer { stop(service) }
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == expectedLines.count }
        try chain.drive("quiet", "2")
        let resumed = await RunCLITests.await(port, "/api/health", seconds: 60) {
            $0["events"] as? Int == expectedLines.count + 2
        }
        #expect(resumed != nil, "two new blocks, two new markers")
        stop(service)
        let after = lines(try BreakwaterProcess.run(["journal", "export", journal]).stdout)
        #expect(Array(after.prefix(expectedLines.count)) == expectedLines && after.count == expectedLines.count + 2)
        #expect(after.suffix(2).allSatisfy { $0.contains(#""kind":"block""#) })
    }

    /// Starts `run --chain` on `yaml`, with `options`, and its journal in `chain`'s folder; standard error goes to the
    /// pipe returned.
    static func service(
        _ chain: LocalChain,
        _ yaml: String,
        _ options: String...
    ) throws -> (Process, port: Int, errors: Pipe) {
        let journal = chain.folder.appendingPathComponent("live.journal").path
        let port = try RunCLITests.freePort()
        let service = Process()
        service.executableURL = BreakwaterProcess.binary
        service.arguments =
            [
                "run", "--chain", yaml, "--journal", journal, "--port", String(port), "--quiet-seconds", "600",
            ] + options
        let errors = Pipe()
        service.standardOutput = FileHandle.nullDevice
        service.standardError = errors
        try service.run()
        return (service, port, errors)
    }

    /// Blocks 2 and 3, decided, are replaced by two others with a deposit in them: the chain reorganises to block 1.
    static func reorganise(_ chain: LocalChain, port: Int) async throws {
        // Block 1: its marker and the setup's three logs.
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 4 }
        let snapshot = try await chain.call("evm_snapshot")
        try chain.drive("quiet", "2")
        let decided = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 6 }
        #expect(decided != nil, "blocks 2 and 3 decided")
        #expect(try await chain.call("evm_revert", [snapshot]) as? Bool == true)
        try chain.drive("deposit")
    }

    /// A reorg is followed: a `reorg` line back to the common ancestor, the engine's state restored to it, then the
    /// new branch; the journal holds the orphaned blocks before the line, and replays to its head.
    @Test(.enabled(if: LocalChain.isAvailable)) func theServiceFollowsAReorgAndItsJournalReplaysIt() async throws {
        let chain = try LocalChain()
        let yaml = try chain.write(try chain.chainYAML(), to: "chain.yml")
        let (service, port, _) = try Self.service(chain, yaml)
        defer { if service.isRunning { service.terminate() } }
        try await Self.reorganise(chain, port: port)
        // The reorg, the new blocks 2 and 3, and alice's deposit in block 3.
        let followed = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 10 }
        #expect(followed != nil, "the new branch decided")
        service.terminate()
        service.waitUntilExit()
        #expect(service.terminationStatus == 0)

        let journal = chain.folder.appendingPathComponent("live.journal").path
        let lines = try BreakwaterProcess.run(["journal", "export", journal]).stdout.split(separator: "\n").map {
            try Self.json(String($0))
        }
        let reorg = try #require(lines.first { $0["kind"] as? String == "reorg" }, "\(lines)")
        #expect(
            reorg["from_block"] as? Int == 2 && reorg["to_block"] as? Int == 3 && reorg["ancestor_block"] as? Int == 1
        )
        #expect(reorg["ancestor_hash"] as? String == lines[0]["block_hash"] as? String)
        #expect(reorg["ts"] as? Int == lines[0]["ts"] as? Int, "at the ancestor's time")
        // The journal without the orphaned blocks and the reorg is the chain as it now is.
        let now = try BreakwaterProcess.run(["chain", "export", "--chain", yaml, "--from-block", "1"])
        let current = try now.stdout.split(separator: "\n").map { try Self.json(String($0)) }
        let kept = Array(lines.prefix(4)) + lines.dropFirst(7)
        #expect(kept.count == current.count && kept.last?["kind"] as? String == "deposit")
        #expect(zip(kept, current).allSatisfy { NSDictionary(dictionary: $0) == NSDictionary(dictionary: $1) })
        let replayed = try BreakwaterProcess.run(["replay", "--from-journal", journal])
        #expect(replayed.stderr.contains("to the journal's head"), "\(replayed.stderr)")
        let verify = try BreakwaterProcess.run(["journal", "verify", journal])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// Restarted, the service goes on from its journal's last block; one the chain replaced while it was stopped is a
    /// reorg, followed as any other.
    @Test(.enabled(if: LocalChain.isAvailable)) func aReorgWhileTheServiceWasStoppedIsFollowedOnRestart() async throws {
        let chain = try LocalChain()
        let yaml = try chain.write(try chain.chainYAML(), to: "chain.yml")
        var (service, port, _) = try Self.service(chain, yaml)
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 4 }
        let snapshot = try await chain.call("evm_snapshot")
        try chain.drive("quiet", "2")
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 6 }
        service.terminate()
        service.waitUntilExit()
        #expect(service.terminationStatus == 0)
        // While it is stopped, blocks 2 and 3 are replaced by two others with a deposit in them.
        #expect(try await chain.call("evm_revert", [snapshot]) as? Bool == true)
        try chain.drive("deposit")
        (service, port, _) = try Self.service(chain, yaml)
        defer { if service.isRunning { service.terminate() } }
        let followed = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int == 10 }
        #expect(followed != nil, "the journal's 6 lines, the reorg, the new blocks 2 and 3 and the deposit")
        service.terminate()
        service.waitUntilExit()

        let journal = chain.folder.appendingPathComponent("live.journal").path
        let lines = try BreakwaterProcess.run(["journal", "export", journal]).stdout.split(separator: "\n").map {
            try Self.json(String($0))
        }
        #expect(lines.map { $0["kind"] as? String ?? "" }.suffix(4) == ["reorg", "block", "block", "deposit"])
        #expect(lines.count == 10 && lines[6]["ancestor_block"] as? Int == 1 && lines[6]["to_block"] as? Int == 3)
        let replayed = try BreakwaterProcess.run(["replay", "--from-journal", journal])
        #expect(replayed.stderr.contains("to the journal's head"), "\(replayed.stderr)")
    }

    /// A reorg deeper than `reorg_window` is never passed over: it stops the service with an error naming the
    /// blocks, after a source-outage incident (alerted) that names it; its journal whole.
    @Test(.enabled(if: LocalChain.isAvailable)) func aReorgDeeperThanTheWindowStopsTheService() async throws {
        let chain = try LocalChain()
        let yaml = try chain.write(try chain.chainYAML() + "reorg_window: 1\n", to: "chain.yml")
        let (service, port, errors) = try Self.service(chain, yaml)
        defer { if service.isRunning { service.terminate() } }
        try await Self.reorganise(chain, port: port)
        // Should it not stop, it is stopped after a minute (and the test fails on its exit status).
        let pid = service.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        service.waitUntilExit()
        #expect(service.terminationStatus == 1)
        #expect(said.contains("the chain reorganised below block 3, deeper than the 1 blocks kept"), "\(said)")
        let journal = chain.folder.appendingPathComponent("live.journal").path
        let verify = try BreakwaterProcess.run(["journal", "verify", journal])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let exported = try BreakwaterProcess.run(["journal", "export", journal]).stdout.split(separator: "\n")
        #expect(exported.count == 7, "what was decided before the reorg is kept, and the note of the source's stop")
        let note = try Self.json(String(exported.last ?? ""))
        #expect(note["kind"] as? String == "note" && note["action"] as? String == "source_quiet", "\(note)")
        #expect((note["text"] as? String)?.contains("stopped: the chain reorganised below block 3") == true, "\(note)")
    }
}
