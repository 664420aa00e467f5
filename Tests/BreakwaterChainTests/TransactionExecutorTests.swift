import BigInt
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterPipeline
import BreakwaterTesting
import Foundation
import Logging
import Synchronization
import Testing

/// The executor sends only what the pipeline has stored with its decision, each transaction once, and never makes
/// the same call twice.
@Suite struct TransactionExecutorTests {
    typealias Scripted = JSONRPCClientTests.ScriptedTransport

    /// A node with a base fee of 1 gwei, nothing sent by the pauser, and no receipt yet; `answers` overrides its
    /// answer to a method (`eth_getTransactionCount` at `latest` is `mined_nonce`).
    static func node(_ answers: [String: JSONRPCClientTests.Answer] = [:]) -> Scripted {
        Scripted { _, request in
            let method =
                request.method == "eth_getTransactionCount" && request.params.contains("latest")
                ? "mined_nonce" : request.method
            if let answer = answers[method] { return answer }
            return switch method {
            case "eth_feeHistory": .result(#"{"baseFeePerGas":["0x3b9aca00","0x3b9aca00"]}"#)
            case "eth_maxPriorityFeePerGas": .result(#""0x77359400""#)
            case "eth_getTransactionCount", "mined_nonce": .result(#""0x0""#)
            case "eth_sendRawTransaction": .result(#""0x\#(String(repeating: "ab", count: 32))""#)
            case "eth_getTransactionReceipt": .result("null")
            default: .fault(code: -32601, message: "method not found")
            }
        }
    }

    /// An executor of `section` on the scripted node answering `answers`, polling every millisecond, with its store
    /// (holding `outbox`), and a pause of pool `main` in incident INC-0001 to make.
    static func executor(
        _ section: String = ExecutorConfigTests.section,
        answers: [String: JSONRPCClientTests.Answer] = [:],
        outbox: [OutboxEntry] = [],
        transport: Scripted? = nil
    ) async throws -> (TransactionExecutor, Scripted, MemoryJournalStore, TakenAction) {
        let yaml = ChainFixtures.yaml + "\npoll_interval_ms: 1\n" + section
        let chain = try ChainFixtures.chain(yaml, environment: ["BREAKWATER_PAUSER_KEY": ExecutorConfigTests.key])
        let (node, store) = (transport ?? Self.node(answers), MemoryJournalStore())
        if !outbox.isEmpty { try await store.append([], outbox: outbox) }
        let executor = TransactionExecutor(
            executor: try #require(chain.executor),
            chain: chain,
            config: try ChainFixtures.config,
            client: JSONRPCClient(endpoints: chain.endpoints, transport: node, retry: .once),
            store: store,
            logger: Logger(label: "test")
        )
        let main = try #require(try ChainFixtures.config.poolID(named: "main"))
        let pause = TakenAction(
            action: Action(kind: .pause, scope: .pool(main), reason: "test"),
            incident: "INC-0001",
            accountName: nil
        )
        return (executor, node, store, pause)
    }

    /// The default section with no replacement or resending within a test, however slowly a loaded machine runs
    /// it (regression: with the default 3 s, a CI run under load sent an entry again before the test had looked).
    static let patientSection = ExecutorConfigTests.section.replacingOccurrences(
        of: "max_priority_fee_gwei: \"1.5\"",
        with: "max_priority_fee_gwei: \"1.5\"\n  bump_after_ms: 600000\n  unmined_alert_ms: 600000"
    )

    @Test func onlyWhatIsStoredIsSentAndEachOnce() async throws {
        let (executor, node, store, pause) = try await Self.executor(Self.patientSection)
        let entries = await executor.entries(for: [pause], decision: 4)
        #expect(entries.map(\.key) == ["pause|pool=main|INC-0001|0"] && entries.first?.nonce == 0)
        #expect(await executor.entries(for: [pause], decision: 9).isEmpty, "the same call is made once")

        // The executor polls while the pipeline has not stored the entry yet: nothing is sent.
        let polling = Task { try await executor.run() }
        for _ in 0..<20 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        #expect(!node.methods.contains("eth_sendRawTransaction"), "\(node.methods)")

        try await store.append([], outbox: entries)
        await executor.stored(entries)
        try await Task.sleep(for: .milliseconds(20))
        polling.cancel()
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count == 1, "sent once, then followed")
        #expect(node.methods.contains("eth_getTransactionReceipt"))
    }

    /// A transaction not mined `bump_after_ms` after it was sent is replaced at the same nonce with at least 10 %
    /// higher fees, written over its outbox entry and told in a note; the caps stop the raises.
    @Test func anUnminedTransactionIsReplacedAtTheSameNonceWithinTheCaps() async throws {
        let section = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_priority_fee_gwei: \"1.5\"",
            with: "max_priority_fee_gwei: \"2.5\"\n  bump_after_ms: 1\n  unmined_alert_ms: 600000"
        )
        let (executor, node, store, pause) = try await Self.executor(section)
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let notes = try await Self.notes(of: executor, until: "tx_failed")

        // The tip of 2 gwei is raised 10 % at a time up to the cap of 2.5: 2.2, 2.42, then no more.
        let replaced = notes.all.filter { $0.action == .txReplaced }
        #expect(replaced.count == 2, "\(notes.all.map(\.text))")
        #expect(
            replaced.allSatisfy { $0.incident == "INC-0001" && $0.text.hasSuffix("for pause|pool=main|INC-0001|0") }
        )
        #expect(notes.actions.last == "tx_failed" && notes.all.last?.text.contains("cannot be replaced") == true)
        let stored = try #require(await store.outbox().first)
        #expect(stored.nonce == 0 && stored.hash != entries.first?.hash, "the entry holds the latest replacement")
        // The first and two replacements (exactly two, as the notes say); at the caps the last is sent again every
        // bump_after_ms (1 ms here) until the poll is stopped, as often as a loaded machine lets it run, so only the
        // lower bound is the executor's (regression: a bound of 4 failed when a run was slow to stop polling).
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count >= 3)
    }

    /// Runs `executor` until a note of `action` (or ten seconds), and gives its notes.
    static func notes(of executor: TransactionExecutor, until action: String) async throws -> Notes {
        let notes = Notes()
        await executor.noting { notes.append($0) }
        let polling = Task { try await executor.run() }
        for _ in 0..<5_000 where !notes.actions.contains(action) { try await Task.sleep(for: .milliseconds(2)) }
        polling.cancel()
        return notes
    }

    /// The pause of pool main in INC-0001, as `/api/actions` lists it.
    static let pauseEntry = try! JSONDecoder().decode(
        ReplayReport.ActionEntry.self,
        from: Data(
            #"{"ts":1,"line":1,"action":"pause","scope":{"pool":"main"},"by":"auto","reason":"t","enforced":true}"#.utf8
        )
    )

    /// A reverted pause is kept as reverted with its block, and told with the reason its call gives replayed on the
    /// block's state; `/api/actions` shows it. The note is what alerts (`action_failed`).
    @Test func aRevertIsToldWithItsReason() async throws {
        let receipt =
            #"{"blockNumber":"0x9","blockHash":"0x\#(String(repeating: "cd", count: 32))","#
            + #""gasUsed":"0x5208","status":"0x0"}"#
        let (executor, node, store, pause) = try await Self.executor(
            answers: [
                "eth_getTransactionReceipt": .result(receipt),
                "eth_call": .fault(code: 3, message: "execution reverted: already paused"),
            ]
        )
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let notes = try await Self.notes(of: executor, until: "tx_reverted")
        let reverted = try #require(notes.all.first { $0.action == .txReverted })
        #expect(reverted.incident == "INC-0001")
        #expect(reverted.text.contains("in block 9, gas 21000, for pause|pool=main|INC-0001|0: "))
        #expect(reverted.text.contains("already paused"), "\(reverted.text)")
        #expect(node.methods.contains("eth_call"))
        let stored = try #require(await store.outbox().first)
        #expect(stored.state == .reverted && stored.block == 9)
        let shown = executor.transactions(of: Self.pauseEntry, incident: "INC-0001")
        #expect(
            shown == [ActionTransaction(hash: "0x" + Hex.encode(stored.hash), status: "reverted", block: 9, nonce: 0)]
        )
        #expect(executor.transactions(of: Self.pauseEntry, incident: "INC-0002").isEmpty, "another incident's pause")
    }

    /// A nonce the chain used while none of the entry's transactions was mined means another transaction took it:
    /// the entry is dropped, told, and never sent again.
    @Test func aNonceAnotherSenderUsedDropsTheEntry() async throws {
        let (executor, node, store, pause) = try await Self.executor(
            Self.patientSection,
            answers: ["mined_nonce": .result(#""0x1""#)]
        )
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let notes = try await Self.notes(of: executor, until: "tx_failed")
        let failed = try #require(notes.all.first { $0.action == .txFailed })
        #expect(failed.text.contains("will never be mined: the pauser's nonce 0 was used"), "\(failed.text)")
        #expect(await store.outbox().first?.state == .dropped)
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count == 1)
        #expect(executor.transactions(of: Self.pauseEntry, incident: "INC-0001").first?.status == "dropped")
    }

    /// An entry a previous process signed and sent is replaced when it waits: its signed bytes give the
    /// transaction whose fees are raised, at the same nonce.
    @Test func anEntryKeptBeforeARestartIsReplacedWhenItWaits() async throws {
        let section = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_priority_fee_gwei: \"1.5\"",
            with: "max_priority_fee_gwei: \"2.5\"\n  bump_after_ms: 1\n  unmined_alert_ms: 600000"
        )
        let (before, _, kept, pause) = try await Self.executor(section)
        let signed = try #require(await before.entries(for: [pause], decision: 4).first)
        let (executor, node, store, _) = try await Self.executor(section, outbox: [signed])
        _ = kept
        let notes = try await Self.notes(of: executor, until: "tx_replaced")
        let replaced = try #require(notes.all.first { $0.action == .txReplaced })
        #expect(replaced.text.hasPrefix("0x\(Hex.encode(signed.hash)) replaced by"), "\(replaced.text)")
        let stored = try #require(await store.outbox().first)
        #expect(stored.nonce == signed.nonce && stored.hash != signed.hash)
        #expect(stored.replaced.first == signed.hash, "the outbox keeps the hash it replaced")
        let raised = try EIP1559Transaction(signed: stored.raw)
        let original = try EIP1559Transaction(signed: signed.raw)
        #expect(raised.maxPriorityFeePerGas * 10 >= original.maxPriorityFeePerGas * 11 && raised.data == original.data)
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count >= 2, "sent again, then replaced")
    }

    /// A transaction replaced before a restart and mined: the restarted executor asks for the receipts of the
    /// hashes the outbox kept, so the entry settles as mined instead of being taken for dropped.
    @Test func aReplacedTransactionMinedBeforeARestartSettlesItsEntry() async throws {
        let (before, _, _, pause) = try await Self.executor()
        var entry = try #require(await before.entries(for: [pause], decision: 4).first)
        let first = Array(repeating: UInt8(0xa1), count: 32)
        entry.replaced = [first]
        let receipt =
            #"{"blockNumber":"0x7","blockHash":"0x\#(String(repeating: "cd", count: 32))","#
            + #""gasUsed":"0x5208","status":"0x1"}"#
        let node = Self.node([:])
        let answering = Scripted { endpoint, request in
            if request.method == "eth_getTransactionReceipt" {
                return request.params.contains(Hex.encode(first)) ? .result(receipt) : .result("null")
            }
            if request.method == "eth_getTransactionCount" && request.params.contains("latest") {
                return .result(#""0x1""#)
            }
            return try node.answer(endpoint, request)
        }
        let (executor, _, store, _) = try await Self.executor(outbox: [entry], transport: answering)
        let notes = try await Self.notes(of: executor, until: "tx_mined")
        let mined = try #require(notes.all.first { $0.action == .txMined })
        #expect(mined.text.hasPrefix("0x\(Hex.encode(first)) in block 7"), "\(mined.text)")
        #expect(!notes.actions.contains("tx_failed"))
        #expect(await store.outbox().first?.state == .mined)
    }

    /// What an executor in shadow signed is never sent, even by a later run that enforces: its decision was not to
    /// act on the chain.
    @Test func aShadowEntryIsNeverSent() async throws {
        let shadow = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_fee_gwei: \"200\"",
            with: "max_fee_gwei: \"200\"\n  enforce: false"
        )
        let (before, _, _, pause) = try await Self.executor(shadow)
        let entry = try #require(await before.entries(for: [pause], decision: 4).first)
        #expect(entry.state == .shadow)
        let (executor, node, _, _) = try await Self.executor(outbox: [entry])
        let polling = Task { try await executor.run() }
        for _ in 0..<50 { try await Task.sleep(for: .milliseconds(2)) }
        polling.cancel()
        #expect(!node.methods.contains("eth_sendRawTransaction"), "\(node.methods)")
        #expect(executor.transactions(of: Self.pauseEntry, incident: "INC-0001").first?.status == "shadow")
    }

    /// Fees of zero cannot be raised 10 %: the transaction is not replaced by itself over and over, but sent again as
    /// it is.
    @Test func feesOfZeroAreSentAgainNotReplaced() async throws {
        let section = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_priority_fee_gwei: \"1.5\"",
            with: "max_priority_fee_gwei: \"1.5\"\n  bump_after_ms: 1\n  unmined_alert_ms: 600000"
        )
        let (executor, node, store, pause) = try await Self.executor(
            section,
            answers: [
                "eth_feeHistory": .result(#"{"baseFeePerGas":["0x0","0x0"]}"#),
                "eth_maxPriorityFeePerGas": .result(#""0x0""#),
            ]
        )
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let notes = Notes()
        await executor.noting { notes.append($0) }
        let polling = Task { try await executor.run() }
        for _ in 0..<5_000 where node.methods.filter({ $0 == "eth_sendRawTransaction" }).count < 3 {
            try await Task.sleep(for: .milliseconds(2))
        }
        polling.cancel()
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count >= 3, "sent again")
        #expect(!notes.actions.contains("tx_replaced"), "\(notes.actions)")
        #expect(await store.outbox().first?.hash == entries.first?.hash)
    }

    /// Not mined `unmined_alert_ms` after it was first sent: told once.
    @Test func aTransactionNotMinedInTimeIsToldOnce() async throws {
        let section = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_priority_fee_gwei: \"1.5\"",
            with: "max_priority_fee_gwei: \"1.5\"\n  bump_after_ms: 600000\n  unmined_alert_ms: 1"
        )
        let (executor, _, store, pause) = try await Self.executor(section)
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let notes = try await Self.notes(of: executor, until: "tx_failed")
        try await Task.sleep(for: .milliseconds(20))
        let failed = notes.all.filter { $0.action == .txFailed }
        #expect(failed.count == 1 && failed.first?.text.contains("is not mined 0 s after it was first sent") == true)
    }

    /// An unmined entry past nonces the chain has not used and the outbox does not hold is told at start.
    @Test func aNonceGapIsToldAtStart() async throws {
        let (before, _, _, pause) = try await Self.executor()
        var entry = try #require(await before.entries(for: [pause], decision: 4).first)
        entry.nonce = 2
        let (executor, _, _, _) = try await Self.executor(outbox: [entry])
        let notes = try await Self.notes(of: executor, until: "tx_failed")
        let failed = try #require(notes.all.first { $0.action == .txFailed })
        #expect(failed.text.contains("(nonce 2) waits behind a nonce gap"), "\(failed.text)")
        #expect(failed.text.contains("next nonce on chain is 0, and nonce 0"))
    }
}

/// The notes an executor gives, in order.
final class Notes: Sendable {
    private let notes = Mutex<[Note]>([])

    func append(_ note: Note) { notes.withLock { $0.append(note) } }

    var all: [Note] { notes.withLock { $0 } }
    var actions: [String] { all.map(\.action.rawValue) }
}
