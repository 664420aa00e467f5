public import BreakwaterCore
import BreakwaterEVM
public import BreakwaterPipeline
public import Logging
public import ServiceLifecycle

/// Makes the actions a live service takes real transactions (#21): it signs each call an action becomes with the
/// pauser's key, at the pauser's next nonce and the caps' fees, as an outbox entry the pipeline stores with the
/// decision; once stored it sends it, and follows it to its receipt. What it sends and sees goes back into the
/// journal as notes on the action's incident (`tx_sent`, `tx_mined`, `tx_reverted`, `tx_failed`).
///
/// Restarted on a journal, it sends again what the outbox holds unmined, with the same bytes and nonce: a crash
/// between signing and sending neither loses a transaction nor sends a second one. In shadow (`enforce: false`) it
/// signs and stores, and sends nothing.
public actor TransactionExecutor: ActionExecutor, Service {
    private let executor: ExecutorConfig
    private let chain: ChainConfig
    private let config: ProtocolConfig
    private let client: JSONRPCClient
    private let store: any JournalStore
    private let logger: Logger
    /// Called with each entry stored, before it is first sent: the crash tests' hook.
    private let beforeSending: @Sendable (OutboxEntry) -> Void
    /// Where notes go: the pipeline's inbox, once the pipeline is made.
    private var note: (@Sendable (Note) async -> Void)?
    /// The keys of every entry stored or being stored: each is made once.
    private var keys: Set<String> = []
    /// The incidents of the entries signed and not stored yet, by key.
    private var incidents: [String: String?] = [:]
    /// The entries stored and not mined yet, by key, with whether this process sent them: only what is stored is
    /// ever sent.
    private var pending: [String: (entry: OutboxEntry, incident: String?, sent: Bool)] = [:]
    private var nextNonce: UInt64?
    /// The outbox as the store held it at start; `nil` until read.
    private var stored: [OutboxEntry]?
    /// The fees quoted at the last poll.
    private var quoted: FeeQuote?

    public init(
        executor: ExecutorConfig,
        chain: ChainConfig,
        config: ProtocolConfig,
        client: JSONRPCClient,
        store: any JournalStore,
        logger: Logger,
        beforeSending: @escaping @Sendable (OutboxEntry) -> Void = { _ in }
    ) {
        self.beforeSending = beforeSending
        self.executor = executor
        self.chain = chain
        self.config = config
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// Sets where the executor's notes go.
    public func noting(with note: @escaping @Sendable (Note) async -> Void) { self.note = note }

    // MARK: Signing

    public func entries(for actions: [TakenAction], decision sequence: Int) async -> [OutboxEntry] {
        do {
            try await loadOutbox()
        } catch {
            // Without the outbox a key cannot be known to be new: nothing is made rather than something twice.
            await failed("the outbox cannot be read: \(error)", incident: actions.first?.incident)
            return []
        }
        var entries: [OutboxEntry] = []
        for taken in actions {
            let calls = ActionCall.calls(
                for: taken.action,
                incident: taken.incident,
                executor: executor,
                config: config,
                accountName: { _ in taken.accountName ?? "" }
            )
            for planned in calls {
                switch planned {
                case .failure(let error):
                    await failed(error.description, incident: taken.incident)
                case .success(let call):
                    // Claimed before the awaits: a call meanwhile does not make it again.
                    guard keys.insert(call.dedupKey).inserted else { continue }
                    do {
                        let entry = try await sign(call, sequence: sequence)
                        incidents[entry.key] = taken.incident
                        entries.append(entry)
                    } catch {
                        keys.remove(call.dedupKey)
                        await failed("\(call.summary): \(error)", incident: taken.incident)
                    }
                }
            }
        }
        return entries
    }

    /// `call` signed at the next nonce, priced for the next block within the caps: at the fees quoted at the last
    /// poll, so that signing asks the node nothing (the fee leaves room for the base fee to double).
    private func sign(_ call: ActionCall, sequence: Int) async throws -> OutboxEntry {
        try await prepare()
        let fees: FeeQuote
        if let quoted { fees = quoted } else { fees = try await quote() }
        let nonce = nextNonce ?? 0
        let signed = EIP1559Transaction(
            chainID: chain.chainID,
            nonce: nonce,
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
            maxFeePerGas: fees.maxFeePerGas,
            gasLimit: executor.gasLimit,
            to: call.contract,
            data: call.data
        ).signed(by: executor.key)
        nextNonce = nonce + 1
        return OutboxEntry(key: call.dedupKey, sequence: sequence, nonce: nonce, raw: signed.raw, hash: signed.hash)
    }

    /// The fees for the next block, within the caps; kept for the next signature. When they cannot be quoted (the
    /// base fee is above the cap, the node does not answer), none is kept: the next signature asks again.
    private func quote() async throws -> FeeQuote {
        quoted = nil
        let caps = FeeQuote(maxFeePerGas: executor.maxFeePerGas, maxPriorityFeePerGas: executor.maxPriorityFeePerGas)
        let fees = try FeeQuote.next(
            baseFee: try await client.nextBaseFee(),
            suggestedTip: try await client.suggestedPriorityFee(),
            caps: caps
        )
        quoted = fees
        return fees
    }

    /// Reads the outbox, once: its keys are never made again, and its entries kept unmined are pending again.
    private func loadOutbox() async throws {
        guard stored == nil else { return }
        let entries = try await store.outbox()
        guard stored == nil else { return }
        stored = entries
        keys.formUnion(entries.map(\.key))
        for entry in entries where entry.state == .pending && pending[entry.key] == nil {
            pending[entry.key] = (entry, Self.incident(of: entry.key), false)
        }
    }

    /// Reads the outbox and the pauser's next nonce, once: past every nonce the chain or the outbox has used.
    private func prepare() async throws {
        try await loadOutbox()
        guard nextNonce == nil else { return }
        let onChain = UInt64(try await client.pendingNonce(of: executor.key.address))
        let afterStored = (stored ?? []).map { $0.nonce + 1 }.max() ?? 0
        nextNonce = max(onChain, afterStored, nextNonce ?? 0)
    }

    /// The incident a dedup key names (`pause|pool=main|INC-0001|0`), if any.
    private static func incident(of key: String) -> String? {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[2] != "-" else { return nil }
        return String(parts[2])
    }

    private func failed(_ reason: String, incident: String?) async {
        logger.error("executor: nothing is sent: \(reason)")
        await note?(Note(action: .txFailed, author: "executor", incident: incident, text: reason))
    }

    // MARK: Sending

    public func stored(_ entries: [OutboxEntry]) async {
        for entry in entries {
            let incident = incidents.removeValue(forKey: entry.key) ?? Self.incident(of: entry.key)
            guard executor.enforce else { continue }
            pending[entry.key] = (entry, incident, false)
            beforeSending(entry)
            await send(entry.key)
        }
    }

    /// Sends the pending entry of `key`, unless this process sent it already.
    private func send(_ key: String) async {
        guard executor.enforce, let (entry, incident, sent) = pending[key], !sent else { return }
        // Marked before the node is asked: another call on the actor meanwhile does not send it again.
        pending[key]?.sent = true
        do {
            _ = try await client.send(raw: entry.raw)
        } catch {
            // Sent before a restart, or by a node that already has it: its receipt says which.
            logger.warning("executor: the node refused \(key): \(error.message)")
        }
        await note?(
            Note(
                action: .txSent,
                author: "executor",
                incident: incident,
                text: "0x\(Hex.encode(entry.hash)) nonce \(entry.nonce) for \(key)"
            )
        )
    }

    /// Once a poll interval until a graceful shutdown: sends what the outbox holds unsent, records the receipts of
    /// what was sent, and quotes the next block's fees.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await self.prepare()
                    await self.followPending()
                    _ = try await self.quote()
                } catch {
                    self.logger.warning("executor: \(error)")
                }
                try await Task.sleep(for: self.chain.pollInterval)
            }
        }
    }

    private func followPending() async {
        guard executor.enforce else { return }
        for key in pending.keys.sorted() {
            await send(key)
            guard let (entry, incident, _) = pending[key] else { continue }
            let receipt: TransactionReceipt?
            do {
                receipt = try await client.receipt(of: entry.hash)
            } catch {
                logger.warning("executor: no receipt for \(key) yet: \(error.message)")
                continue
            }
            guard let receipt else { continue }
            var done = entry
            done.state = receipt.succeeded ? .mined : .reverted
            do {
                try await store.updateOutbox(done)
            } catch {
                logger.error("executor: the outbox cannot be written: \(error.message)")
                continue
            }
            pending[key] = nil
            let text =
                "0x\(Hex.encode(entry.hash)) in block \(receipt.block), gas \(receipt.gasUsed), for \(key)"
            await note?(
                Note(
                    action: receipt.succeeded ? .txMined : .txReverted,
                    author: "executor",
                    incident: incident,
                    text: text
                )
            )
            if !receipt.succeeded { logger.error("executor: the transaction reverted on chain: \(text)") }
        }
    }
}
