public import BreakwaterCore
public import BreakwaterEngine
public import BreakwaterFormats
public import BreakwaterGovernance
public import BreakwaterKeys

/// The pipeline's driver: decodes lines of a stream into events, runs the engine over them, chains every event
/// and decision into the journal, and builds the ``ReplayReport``. The CLI's `replay`, the live service, the lab
/// and the journal's readers all run it.
///
/// A bad line is recorded as an error and skipped; the replay goes on. The caller decides whether to stop
/// at the first error (`--strict`).
public struct Replay: Sendable {
    /// The engine, as the events so far left it.
    public internal(set) var engine: Engine
    /// The stream reader, with the accounts named so far.
    public internal(set) var decoder: EventDecoder
    /// The journal stage's hash chain over the header, every event and every decision.
    public internal(set) var journal: JournalChain
    /// The engine before each recent block marker, for a `reorg` to go back to.
    var history = EngineHistory()
    /// The line whose time jumped, held with the lines after it until they confirm or refuse the jump.
    var held: HeldJump?
    private let maxRejections: Int
    /// Lines read, bad ones included, blank ones not.
    public internal(set) var linesRead = 0
    /// Events the engine accepted.
    public internal(set) var accepted = 0
    /// Events the engine refused, listed or not.
    public internal(set) var rejectedCount = 0
    /// Signals raised.
    public internal(set) var signalCount = 0
    /// The lines that could not be read.
    public internal(set) var errors: [ReplayReport.ErrorEntry] = []
    /// How many lines could not be read, by the code of their error (``StreamError/Code/name``).
    public internal(set) var badLines: [String: Int] = [:]
    /// The rejections the report lists: at most its limit.
    public internal(set) var rejections: [ReplayReport.RejectionEntry] = []
    /// Every action taken, as the report lists it.
    public internal(set) var actions: [ReplayReport.ActionEntry] = []
    /// The stream line of each event that raised a signal, took an action or broke an invariant.
    var lineOfSequence: [Int: Int] = [:]
    /// Where on chain each of those events came from, when its line said.
    var placeOfSequence: [Int: ReplayReport.ChainPlace] = [:]
    /// Funds in and out, by pool and by account.
    public internal(set) var flows: FlowTally

    /// - Parameters:
    ///   - config: the protocol.
    ///   - configYAML: the text `config` was loaded from, which the journal's header records; empty for a config
    ///     built in code.
    ///   - configuration: engine options.
    ///   - maxRejections: how many rejections the report lists; `0` lists all.
    ///   - verifier: how the engine checks signatures: Ed25519 unless a test injects another.
    public init(
        config: ProtocolConfig,
        configYAML: String,
        configuration: Engine.Configuration = .init(),
        maxRejections: Int = 1000,
        verifier: any SignatureVerifier = Ed25519Verifier()
    ) {
        engine = Engine(config: config, configuration: configuration, verifier: verifier)
        journal = JournalChain(header: JournalHeader(configYAML: configYAML, engineConfiguration: configuration))
        decoder = EventDecoder(config: config)
        decoder.maxTimeJump = config.stream.maxTimeJumpMilliseconds
        flows = FlowTally(pools: config.pools.count, assets: config.assets.count)
        self.maxRejections = maxRejections
    }

    /// Decodes and applies one line of the stream. Blank lines are skipped.
    ///
    /// - Returns: the first stream error the line caused: its own, or that of a line held before it whose time
    ///   jump it refused (see ``decide(line:number:)``).
    @discardableResult
    public mutating func feed(line bytes: [UInt8], number: Int) -> StreamError? {
        bytes.withUnsafeBufferPointer { feed(line: $0, number: number) }
    }

    /// ``feed(line:number:)`` on bytes in place.
    @discardableResult
    public mutating func feed(line bytes: UnsafeBufferPointer<UInt8>, number: Int) -> StreamError? {
        decide(line: bytes, number: number).errors.first
    }

    /// ``feed(line:number:)`` that returns what the line let through: the lines decided, and the errors.
    ///
    /// Most lines are decided at once, or are an error. A line whose time is more than `stream.max_time_jump_ms`
    /// past the stream's is held, with the lines after it, until `stream.confirm_lines` of them confirm the jump
    /// (then all are decided, in order) or one refuses it (then the held line is an error and the others are
    /// read again against the old clock). So one line may decide none, or several.
    public mutating func decide(line bytes: UnsafeBufferPointer<UInt8>, number: Int) -> LineOutcome {
        var outcome = LineOutcome()
        if Self.isBlank(bytes) { return outcome }
        linesRead += 1
        read(bytes, number: number, into: &outcome)
        return outcome
    }

    /// Decodes one line and decides it, unless a held line's jump waits for it.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, into outcome: inout LineOutcome) {
        if held != nil { return readWhileHolding(bytes, number: number, into: &outcome) }
        let (lastTimestamp, lastBlock) = (decoder.lastTimestamp, decoder.lastBlock)
        do throws(StreamError) {
            let event = try decoder.decode(bytes, number: number)
            if case .reorg(let reorg) = event.payload, !history.keeps(reorg.fromBlock) {
                (decoder.lastTimestamp, decoder.lastBlock) = (lastTimestamp, lastBlock)
                throw StreamError(
                    .invalidValue,
                    line: number,
                    field: "ancestor_block",
                    message: "the engine's state at block \(reorg.ancestorBlock) is not kept (those of the last "
                        + "\(EngineHistory.depth) blocks decided are): a reorg this deep cannot be followed"
                )
            }
            let decision = record(event, line: number)
            outcome.decided.append(DecidedLine(line: number, event: event, decision: decision, record: journal.count))
        } catch  where error.code == .timeJump {
            hold(bytes, number: number, jump: error, into: &outcome)
        } catch {
            report(error, into: &outcome)
        }
    }

    /// Lists a line that could not be used.
    mutating func report(_ error: StreamError, into outcome: inout LineOutcome) {
        errors.append(.init(line: error.line, field: error.field, message: error.message))
        badLines[error.code.name, default: 0] += 1
        outcome.errors.append(error)
    }

    /// Whether a line holds nothing but spaces, tabs and carriage returns.
    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // An event line starts with its brace: decide on the first byte.
        if bytes.first == UInt8(ascii: "{") { return false }
        return bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Applies an event read back from a journal, with the accounts the journal has bound up to it, as if it were
    /// the next line of a stream: the same decisions and the same journal records as the line it was read from.
    @discardableResult
    public mutating func apply(_ event: Event, accounts: AccountDirectory) -> Decision {
        linesRead += 1
        if accounts.names.count > decoder.accounts.names.count { decoder.adopt(accounts) }
        return record(event, line: linesRead)
    }

    /// Decides a line a service took from outside its source (a posted governance action, a note) at
    /// `milliseconds`, whatever its `ts`, once it keeps `rules` if there are any: the line is parsed once. A line
    /// refused is not decided and changes nothing, not even the report's errors.
    ///
    /// - Throws: the line's ``StreamError``.
    public mutating func decide(
        posted line: some Collection<UInt8>,
        number: Int,
        stampedAt milliseconds: Int64,
        rules: LineRules?
    ) throws(StreamError) -> (Event, Decision) {
        let event = try decoder.decode(line, number: number, stampedAt: milliseconds, rules: rules)
        linesRead += 1
        return (event, record(event, line: number))
    }

    /// Runs an event through the engine as the line at `line`, chains it, and counts it in the report.
    private mutating func record(_ event: Event, line: Int) -> Decision {
        switch event.payload {
        case .block:
            if let block = event.provenance?.block { history.keep(engine.rewindPoint, before: block) }
        case .reorg(let reorg):
            if let earlier = history.rewind(to: reorg.fromBlock) { engine.rewind(to: earlier) }
        default:
            break
        }
        let violationsBefore = engine.invariantViolations.count
        let decision = engine.apply(event)
        history.record(event)
        journal.record(event, decision, accounts: decoder.accounts.names)
        if decision.hasSignalsOrActions || !decision.incidentSteps.isEmpty
            || engine.invariantViolations.count > violationsBefore
        {
            lineOfSequence[decision.sequence] = line
            if let provenance = event.provenance { placeOfSequence[decision.sequence] = .init(provenance) }
        }
        signalCount += decision.signals.count
        flows.record(event.payload, accepted: decision.isAccepted)
        for action in decision.actions {
            actions.append(
                entry(action, at: event.timestamp, sequence: decision.sequence)
            )
        }
        guard let rejection = decision.rejection else {
            accepted += 1
            return decision
        }
        rejectedCount += 1
        if maxRejections == 0 || rejections.count < maxRejections {
            rejections.append(
                .init(
                    line: line,
                    ts: event.timestamp.milliseconds,
                    kind: event.kind.rawValue,
                    account: event.payload.account.map(decoder.accounts.name(of:)),
                    code: rejection.code.rawValue,
                    reason: rejection.message
                )
            )
        }
        return decision
    }

    /// Keeps every journal record from the header on, for ``takeJournalRecords()``: the journal of a run that writes
    /// no store (a benchmark's, a test's). Call it before the first line.
    public mutating func keepJournalRecords() { journal.keepRecords(after: 0, expectingHead: nil) }

    /// The journal records kept since the last call, in order.
    public mutating func takeJournalRecords() -> [JournalRecord] { journal.takeRecords() }

    /// The report of everything fed so far.
    public func report() -> ReplayReport {
        let config = engine.config
        let ledger = engine.ledger
        return ReplayReport(
            config: config.name,
            events: linesRead,
            accepted: accepted,
            rejected: rejectedCount,
            errors: errors,
            rejectionsTotal: rejectedCount,
            rejections: rejections,
            signals: signalCount,
            incidents: engine.incidents.map(entry),
            actions: actions,
            outflows: outflowsEntry(),
            pools: Dictionary(
                uniqueKeysWithValues: ledger.pools.map { pool in
                    (
                        config.pool(pool.id).name,
                        Dictionary(
                            uniqueKeysWithValues: pool.assets.enumerated().map { slot, asset in
                                (
                                    config.asset(asset).name,
                                    ReplayReport.PoolAssetEntry(
                                        vault: pool.collateral[slot].vault.description,
                                        lpLiquidity: pool.collateral[slot].lpLiquidity.description,
                                        insurance: pool.collateral[slot].insurance.description,
                                        borrowed: pool.collateral[slot].borrowed.description,
                                        socializedLoss: pool.collateral[slot].socializedLoss.description,
                                        optionEscrow: pool.collateral[slot].optionEscrow.description
                                    )
                                )
                            }
                        )
                    )
                }
            ),
            invariants: ReplayReport.Invariants(
                checked: engine.invariantChecks,
                violations: engine.invariantViolations.map {
                    .init(line: line(of: $0.sequence), invariant: $0.violation.invariant, message: $0.violation.message)
                }
                    + ledger.checkInvariants().map {
                        .init(line: nil, invariant: $0.invariant, message: $0.message)
                    }
            ),
            liquidations: liquidationsEntry(),
            journalHead: journal.head
        )
    }

    func line(of sequence: Int) -> Int { lineOfSequence[sequence] ?? 0 }

    /// `pool:NAME`, `feed:NAME` or `protocol`: the first part of an incident's dedup key.
    private func dedupScope(of scope: Scope) -> String {
        if let pool = scope.pool { return "pool:\(engine.config.pool(pool).name)" }
        if let feed = scope.feed { return "feed:\(engine.config.feed(feed).name)" }
        return "protocol"
    }

    private func entry(_ scope: Scope) -> ReplayReport.ScopeEntry {
        let config = engine.config
        return ReplayReport.ScopeEntry(
            protocol: scope.isProtocol ? true : nil,
            pool: scope.pool.map { config.pool($0).name },
            market: scope.market.map { config.market($0).name },
            function: scope.function?.rawValue,
            account: scope.account.map(decoder.accounts.name(of:)),
            asset: scope.asset.map { config.asset($0).name },
            feed: scope.feed.map { config.feed($0).name }
        )
    }

    /// `action`, taken at `timestamp` on the event numbered `sequence`, as the report lists it.
    func entry(_ action: Action, at timestamp: Timestamp, sequence: Int) -> ReplayReport.ActionEntry {
        ReplayReport.ActionEntry(
            ts: timestamp.milliseconds,
            line: line(of: sequence),
            action: action.kind.rawValue,
            scope: entry(action.scope),
            by: action.actor.rawValue,
            reason: action.reason,
            enforced: action.isEnforced,
            block: placeOfSequence[sequence]?.block,
            tx: placeOfSequence[sequence]?.tx,
            logIndex: placeOfSequence[sequence]?.logIndex
        )
    }

    /// `signal`, raised at `timestamp` on the event numbered `sequence`, as the report lists it.
    func entry(_ signal: Signal, at timestamp: Timestamp, sequence: Int) -> ReplayReport.SignalEntry {
        ReplayReport.SignalEntry(
            ts: timestamp.milliseconds,
            line: line(of: sequence),
            kind: signal.kind.rawValue,
            severity: signal.severity.rawValue,
            scope: entry(signal.scope),
            evidence: signal.evidence,
            accounts: signal.accounts.map(decoder.accounts.name(of:)),
            block: placeOfSequence[sequence]?.block,
            tx: placeOfSequence[sequence]?.tx,
            logIndex: placeOfSequence[sequence]?.logIndex
        )
    }

    func entry(_ incident: Incident) -> ReplayReport.IncidentEntry {
        ReplayReport.IncidentEntry(
            id: incident.id,
            kind: incident.vector.rawValue,
            severity: incident.severity.rawValue,
            scope: entry(incident.scope),
            detectedAt: incident.detectedAt.milliseconds,
            detectedLine: line(of: incident.detectedSequence),
            containedAt: incident.containedAt?.milliseconds,
            containedLine: incident.containedSequence.map(line(of:)),
            remediatedAt: incident.remediatedAt?.milliseconds,
            resolvedAt: incident.resolvedAt?.milliseconds,
            signals: incident.signals.map { entry($0.signal, at: $0.timestamp, sequence: $0.sequence) },
            actions: incident.actions.map { entry($0.action, at: $0.timestamp, sequence: $0.sequence) },
            accounts: incident.accounts.map(decoder.accounts.name(of:)),
            repeatedSignals: incident.repeatedSignals,
            dedupKey: dedupScope(of: incident.scope) + "/" + incident.id,
            acknowledgedAt: incident.acknowledgedAt?.milliseconds,
            acknowledgedBy: incident.acknowledgedBy,
            notes: incident.notes.isEmpty
                ? nil
                : incident.notes.map { note in
                    ReplayReport.NoteEntry(
                        ts: note.timestamp.milliseconds,
                        line: line(of: note.sequence),
                        action: note.action,
                        by: note.author,
                        text: note.text
                    )
                },
            classification: incident.reading.map(entry)
        )
    }

    private func liquidationsEntry() -> [String: ReplayReport.LiquidationEntry] {
        var entries: [String: ReplayReport.LiquidationEntry] = [:]
        for (index, tally) in engine.liquidations.enumerated() where tally.executed + tally.refusedDue > 0 {
            entries[engine.config.pools[index].name] = ReplayReport.LiquidationEntry(
                executed: tally.executed,
                badDebt: tally.badDebt.description,
                liquidationsRefused: tally.refusedDue,
                refusedByCode: tally.refusedDueByCode
            )
        }
        return entries
    }

    private func outflowsEntry() -> ReplayReport.Outflows {
        let config = engine.config
        var byPool: [String: [String: ReplayReport.PoolFlow]] = [:]
        for (pool, asset, totals) in flows.byPool {
            byPool[config.pool(pool).name, default: [:]][config.asset(asset).name] = ReplayReport.PoolFlow(
                total: totals.total.description,
                blocked: totals.blocked.description
            )
        }
        var byAccount: [String: [String: ReplayReport.AccountFlow]] = [:]
        for (account, asset, totals) in flows.byAccount {
            byAccount[decoder.accounts.name(of: account), default: [:]][config.asset(asset).name] =
                ReplayReport.AccountFlow(
                    deposited: totals.deposited.description,
                    withdrawn: totals.withdrawn.description,
                    blocked: totals.blocked.description
                )
        }
        return ReplayReport.Outflows(byPool: byPool, byAccount: byAccount)
    }
}
