public import BreakwaterCore
import BreakwaterEVM
public import BreakwaterPipeline
public import Logging
public import ServiceLifecycle

/// Makes the actions a live service takes real transactions (#21): it signs each call an action becomes with the
/// pauser's key, at the pauser's next nonce and the caps' fees, as an outbox entry the pipeline stores with the
/// decision; once stored it sends it, and follows it to its receipt. What it sends and sees goes back into the
/// journal as notes on the action's incident (`tx_sent`, `tx_mined`, `tx_reverted` with the revert's reason,
/// `tx_replaced`, `tx_failed`).
///
/// Restarted on a journal, it sends again what the outbox holds unmined, with the same bytes and nonce: a crash
/// between signing and sending neither loses a transaction nor sends a second one. In shadow (`enforce: false`) it
/// signs and stores, and sends nothing.
public actor TransactionExecutor: ActionExecutor, Service {
    let executor: ExecutorConfig
    private let chain: ChainConfig
    private let config: ProtocolConfig
    let client: JSONRPCClient
    let store: any JournalStore
    let logger: Logger
    /// Called with each entry stored, before it is first sent: the crash tests' hook.
    private let beforeSending: @Sendable (OutboxEntry) -> Void
    /// Where notes go: the pipeline's inbox, once the pipeline is made.
    var note: (@Sendable (Note) async -> Void)?
    /// The keys of every entry stored or being stored: each is made once.
    private var keys: Set<String> = []
    /// The entries stored and not mined yet, by key: only what is stored is ever sent.
    var pending: [String: Pending] = [:]
    private var nextNonce: UInt64?
    /// The outbox as the store held it at start; `nil` until read.
    private var stored: [OutboxEntry]?
    /// The fees quoted at the last poll.
    var quoted: FeeQuote?
    /// Whether the nonce gaps the outbox waits behind were told, at start.
    private var hasToldGaps = false
    /// Where each entry stands, for `/api/actions`.
    let book = TransactionBook()

    /// An entry stored and not mined yet.
    struct Pending {
        var entry: OutboxEntry
        var incident: String?
        /// When this process last sent it; `nil` until it does.
        var sentAt: ContinuousClock.Instant?
        /// When this process first sent it, replacements included.
        var firstSentAt: ContinuousClock.Instant?
        /// Whether its not being mined in `unmined_alert_ms` was told.
        var isOverdueTold = false
        /// Whether its fees reached the caps: it is not replaced again.
        var isAtCaps = false
        /// The transaction its signed bytes hold: what a replacement raises the fees of, and what a revert's
        /// reason is asked of.
        var transaction: EIP1559Transaction?
    }

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

    public nonisolated func transactions(
        of action: ReplayReport.ActionEntry,
        incident: String?
    ) -> [ActionTransaction] {
        book.transactions(keyedAfter: ActionCall.dedupKey(of: action, incident: incident))
    }

    // MARK: Signing

    public func entries(for actions: [TakenAction], decision sequence: Int) async -> [OutboxEntry] {
        do {
            try await loadOutbox()
        } catch {
            // Without the outbox a key cannot be known to be new: nothing is made rather than something twice.
            await failed("nothing is sent: the outbox cannot be read: \(error)", incident: actions.first?.incident)
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
                    await failed("nothing is sent: \(error.description)", incident: taken.incident)
                case .success(let call):
                    // Claimed before the awaits: a call meanwhile does not make it again.
                    guard keys.insert(call.dedupKey).inserted else { continue }
                    do {
                        entries.append(try await sign(call, sequence: sequence))
                    } catch {
                        keys.remove(call.dedupKey)
                        await failed("nothing is sent: \(call.summary): \(error)", incident: taken.incident)
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
        let transaction = EIP1559Transaction(
            chainID: chain.chainID,
            nonce: nonce,
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
            maxFeePerGas: fees.maxFeePerGas,
            gasLimit: executor.gasLimit,
            to: call.contract,
            data: call.data
        )
        let bytes = transaction.signed(by: executor.key)
        nextNonce = nonce + 1
        return OutboxEntry(
            key: call.dedupKey,
            sequence: sequence,
            nonce: nonce,
            raw: bytes.raw,
            hash: bytes.hash,
            state: executor.enforce ? .pending : .shadow
        )
    }

    /// The fees for the next block, within the caps; kept for the next signature. When they cannot be quoted (the
    /// base fee is above the cap, the node does not answer), none is kept: the next signature asks again.
    private func quote() async throws -> FeeQuote {
        quoted = nil
        let fees = try FeeQuote.next(
            baseFee: try await client.nextBaseFee(),
            suggestedTip: try await client.suggestedPriorityFee(),
            caps: executor.caps
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
        for entry in entries {
            book.record(entry)
            // A shadow entry is never sent, even by a run that enforces: its decision was not to act.
            guard entry.state == .pending, pending[entry.key] == nil else { continue }
            pending[entry.key] = following(entry)
        }
    }

    /// `entry` to follow: its incident is in its key, its transaction in its signed bytes.
    private func following(_ entry: OutboxEntry) -> Pending {
        let transaction = try? EIP1559Transaction(signed: entry.raw)
        if transaction == nil {
            logger.error("executor: \(entry.key)'s bytes do not decode: they are sent as they are, never replaced")
        }
        return Pending(entry: entry, incident: Self.incident(of: entry.key), transaction: transaction)
    }

    /// Reads the outbox and the pauser's next nonce, once: past every nonce the chain or the outbox has used. An
    /// unmined entry whose nonce lies past a gap (nonces the chain has not used and the outbox does not hold) cannot
    /// be mined until the gap is filled: that is said on its incident.
    private func prepare() async throws {
        try await loadOutbox()
        guard nextNonce == nil else { return }
        let onChain = UInt64(try await client.pendingNonce(of: executor.key.address))
        let afterStored = (stored ?? []).map { $0.nonce + 1 }.max() ?? 0
        nextNonce = max(onChain, afterStored, nextNonce ?? 0)
        // Two callers may have asked the node at once: the gaps are told by the first back.
        guard !hasToldGaps else { return }
        hasToldGaps = true
        let waiting = Set(pending.values.map(\.entry.nonce))
        for entry in pending.values.map(\.entry).sorted(by: { $0.nonce < $1.nonce }) where entry.nonce > onChain {
            guard let missing = (onChain..<entry.nonce).first(where: { !waiting.contains($0) }) else { continue }
            await failed(
                "\(entry.key) (nonce \(entry.nonce)) waits behind a nonce gap: the pauser's next nonce on chain is "
                    + "\(onChain), and nonce \(missing) is neither on chain nor in the outbox; it is mined only once "
                    + "the pauser sends a transaction at \(missing)",
                incident: pending[entry.key]?.incident
            )
        }
    }

    /// The incident a dedup key names (`pause|pool=main|INC-0001|0`), if any.
    private static func incident(of key: String) -> String? {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[2] != "-" else { return nil }
        return String(parts[2])
    }

    /// Says in the log and in a `tx_failed` note on `incident` what the executor could not do.
    func failed(_ reason: String, incident: String?) async {
        logger.error("executor: \(reason)")
        await note?(Note(action: .txFailed, author: "executor", incident: incident, text: reason))
    }

    // MARK: Sending

    public func stored(_ entries: [OutboxEntry]) async {
        for entry in entries {
            book.record(entry)
            guard executor.enforce else { continue }
            pending[entry.key] = following(entry)
            beforeSending(entry)
            await send(entry.key)
        }
    }

    /// Sends the pending entry of `key`, unless this process sent it already.
    func send(_ key: String) async {
        guard executor.enforce, let entry = pending[key]?.entry, pending[key]?.sentAt == nil else { return }
        let incident = pending[key]?.incident ?? nil
        // Marked before the node is asked: another call on the actor meanwhile does not send it again.
        let now = ContinuousClock.now
        pending[key]?.sentAt = now
        if pending[key]?.firstSentAt == nil { pending[key]?.firstSentAt = now }
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
}
