import Foundation
import Testing

/// `run --chain` with an `executor` section acts on the chain: the pause the engine decides against a Mango-style
/// exploit made of real transactions is signed by the pauser, kept in the journal's outbox with its decision, sent,
/// and mined in the block after the attack's; its receipt is a note on the incident. Restarted on its journal, the
/// service sends nothing twice.
@Suite(.serialized) struct ExecutorCLITests {
    static let paused = "0x5c975abb"  // paused()

    /// `contracts/chain.yml` on `chain` with an executor of `actions` (by default, any pause pauses the vault),
    /// signed by the contracts' pauser (eth-tester's second account, private key 2). Nothing is replaced or told
    /// overdue for ten minutes: the tests mine when they choose, however slowly the machine runs.
    static func actingYAML(
        _ chain: LocalChain,
        actions: [String] = [#"{action: pause, contract: vault, call: "pause()"}"#]
    ) throws -> String {
        let keyFile = try chain.write("0x" + String(repeating: "0", count: 63) + "2\n", to: "pauser.key")
        let executor = """

            executor:
              key_file: \(keyFile)
              max_fee_gwei: "200"
              max_priority_fee_gwei: "2"
              bump_after_ms: 600000
              unmined_alert_ms: 600000
              actions:

            """ + actions.map { "    - \($0)\n" }.joined()
        return try chain.write(try chain.chainYAML() + executor, to: "chain.yml")
    }

    /// The notes of every incident `/api/incidents` on `port` lists.
    static func notes(_ port: Int) async -> [[String: Any]] {
        await RunCLITests.list(port, "/api/incidents").flatMap { $0["notes"] as? [[String: Any]] ?? [] }
    }

    /// Waits up to a minute for a note of `action`.
    static func note(_ action: String, port: Int) async throws -> [String: Any]? {
        for _ in 0..<600 {
            if let note = await notes(port).first(where: { $0["action"] as? String == action }) { return note }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// The chain mines only when the test says, as a chain with automine off mines only on its block time: the
    /// attack's block is mined, the pause waits in the pending block, and the attacker's next withdrawals come after
    /// it. The pause is mined in the next block; the withdrawals revert there and after, on chain.
    @Test(.enabled(if: LocalChain.isAvailable)) func thePauseIsSentOnceAndMinedInTheNextBlock() async throws {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let yaml = try Self.actingYAML(chain)
        let vault = try #require(chain.state.contracts["vault"])
        let pauser = try #require(chain.state.accounts["pauser"])

        var (service, port, _) = try ChainCLITests.service(chain, yaml)
        defer { if service.isRunning { service.terminate() } }
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= 7 }
        _ = try await chain.call("evm_setAutomine", [false])
        let steps = try chain.drive("--mine", "mango")
        let attack = try #require(steps.last?["block"] as? Int)
        var waiting: String?
        for _ in 0..<600 where waiting != "0x1" {
            waiting = try await chain.call("eth_getTransactionCount", [pauser, "pending"]) as? String
            if waiting != "0x1" { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(waiting == "0x1", "the pause waits in the pending block")
        let drains = try chain.drive("--mine", "drain", "2")

        let mined = try await Self.note("tx_mined", port: port)
        let all = await Self.notes(port)
        let text = try #require(mined?["text"] as? String, "\(all)")
        #expect(text.contains("in block \(attack + 1),"), "mined in the block after the attack's: \(text)")
        #expect(text.contains("for pause|pool=alts|INC-"), "the dedup key of the incident's pause: \(text)")
        let state = try await chain.call("eth_call", [["to": vault, "data": Self.paused], "latest"]) as? String
        #expect(state?.hasSuffix("1") == true, "the vault is paused on chain")
        #expect(drains.map { $0["block"] as? Int } == [attack + 1, attack + 2])
        #expect(drains.first?["index"] as? Int == 1, "the first withdrawal comes after the pause in its block")
        for drain in drains {
            #expect(drain["status"] as? Int == 0 && drain["reason"] as? String == "paused", "\(drain)")
        }
        let sent = await Self.notes(port).filter { $0["action"] as? String == "tx_sent" }
        #expect(sent.count == 1)
        // What the chain did, beside what the engine did: the action and its transaction.
        let actions = await RunCLITests.list(port, "/api/actions")
        let pause = try #require(actions.first { $0["action"] as? String == "pause" }, "\(actions)")
        let transaction = try #require((pause["transactions"] as? [[String: Any]])?.first, "\(pause)")
        #expect(transaction["status"] as? String == "mined" && transaction["block"] as? Int == attack + 1)
        #expect(text.hasPrefix(try #require(transaction["hash"] as? String)))

        // Restarted on its journal: the outbox holds the pause, mined; nothing is signed or sent again.
        service.terminate()
        service.waitUntilExit()
        (service, port, _) = try ChainCLITests.service(chain, yaml)
        let events = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= 10 }
        #expect(events != nil)
        try await Task.sleep(for: .seconds(1))
        let nonce = try await chain.call("eth_getTransactionCount", [pauser, "pending"]) as? String
        #expect(nonce == "0x1", "one transaction from the pauser, ever")
        let sentAgain = await Self.notes(port).filter { $0["action"] as? String == "tx_sent" }
        #expect(sentAgain.count == 1)
        service.terminate()
        service.waitUntilExit()
    }

    /// Two mappings pause the vault: the second call reverts on chain ("already paused"). The engine's pause
    /// stands (its model paused the pool); what the chain did is told apart: a `tx_reverted` note with the reason the
    /// call gives when replayed (an `action_failed` step, which alerts), and the action's transactions on
    /// `/api/actions`, one mined and one reverted.
    @Test(.enabled(if: LocalChain.isAvailable)) func aCallThatRevertsIsToldWithItsReason() async throws {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let pause = #"{action: pause, contract: vault, call: "pause()"}"#
        let yaml = try Self.actingYAML(chain, actions: [pause, pause])
        let (service, port, _) = try ChainCLITests.service(chain, yaml)
        defer { if service.isRunning { service.terminate() } }
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= 7 }
        try chain.drive("mango")

        let reverted = try await Self.note("tx_reverted", port: port)
        let notes = await Self.notes(port)
        let text = try #require(reverted?["text"] as? String, "\(notes)")
        #expect(text.contains("|INC-0001|1: ") && text.contains("execution reverted: already paused"), "\(text)")
        let actions = await RunCLITests.list(port, "/api/actions")
        let action = try #require(actions.first { $0["action"] as? String == "pause" }, "\(actions)")
        #expect(action["enforced"] as? Bool == true, "the engine's pause stands")
        let transactions = try #require(action["transactions"] as? [[String: Any]], "\(action)")
        #expect(transactions.map { $0["status"] as? String } == ["mined", "reverted"], "\(transactions)")
        if PostmortemCLITests.browserExpected {
            // The status page shows both beside the action.
            let page = try HeadlessBrowser.render(
                url: try #require(URL(string: "http://127.0.0.1:\(port)/")),
                waitingFor: "reverted in block"
            )
            let blocks = transactions.map { "\($0["status"] as? String ?? "") in block \($0["block"] as? Int ?? 0)" }
            #expect(page.errors.isEmpty, "\(page.errors)")
            #expect(blocks.allSatisfy(page.dom.contains), "\(page.dom)")
        }
        service.terminate()
        service.waitUntilExit()
    }

    /// Killed with SIGKILL after the pause was signed and stored with its decision and before it was sent, the
    /// service sends it when it starts again, with the same bytes: one pause on chain.
    @Test(.enabled(if: LocalChain.isAvailable)) func aServiceKilledBeforeSendingSendsThePauseOnceOnRestart()
        async throws
    {
        let chain = try LocalChain()
        try chain.drive("deposit")
        let yaml = try Self.actingYAML(chain)
        let pauser = try #require(chain.state.accounts["pauser"])
        var (service, port, _) = try ChainCLITests.service(chain, yaml, "--test-kill-before-sending")
        defer { if service.isRunning { service.terminate() } }
        _ = await RunCLITests.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= 7 }
        try chain.drive("mango")
        service.waitUntilExit()
        #expect(service.terminationReason == .uncaughtSignal && service.terminationStatus == SIGKILL)
        let unsent = try await chain.call("eth_getTransactionCount", [pauser, "pending"]) as? String
        #expect(unsent == "0x0", "killed before it was sent")

        (service, port, _) = try ChainCLITests.service(chain, yaml)
        let mined = try await Self.note("tx_mined", port: port)
        #expect(mined != nil, "the pause kept in the outbox is sent and mined")
        let sent = await Self.notes(port).filter { $0["action"] as? String == "tx_sent" }
        #expect(sent.count == 1 && (sent.first?["text"] as? String)?.contains("nonce 0") == true, "\(sent)")
        let nonce = try await chain.call("eth_getTransactionCount", [pauser, "pending"]) as? String
        #expect(nonce == "0x1", "one pause transaction on chain")
        service.terminate()
        service.waitUntilExit()
    }
}
