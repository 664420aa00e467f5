import BreakwaterCore
import BreakwaterEngine

/// The canonical bytes of events and decisions, which the hash chain hashes.
///
/// Little-endian fixed-width integers, `Wad` as its 16-byte raw value, strings and lists length-prefixed (`UInt32`),
/// optionals with a presence byte, the event kind as its one-byte ``Event/Kind/canonicalCode``. An event record
/// starts with `E`, a decision record with `D`; a decision carries its sequence number but not its timestamp, which
/// is its event's, so an ordinary decision (accepted, nothing raised) fits in one SHA-256 block with the head. The
/// format is specified in `docs/journal.md`; a change to it is a new ``JournalHeader/currentFormatVersion``.
extension RecordWriter {
    mutating func write(_ value: Wad) { write(value.raw) }

    mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    mutating func write(_ value: String) {
        write(UInt32(value.utf8.count))
        append(value.utf8)
    }

    mutating func write<T>(_ value: T?, _ body: (inout RecordWriter, T) -> Void) {
        write(value != nil)
        if let value { body(&self, value) }
    }

    mutating func write(_ scope: Scope) {
        write(scope.isProtocol)
        write(scope.pool) { $0.write($1.index) }
        write(scope.market) { $0.write($1.index) }
        write(scope.function) { $0.write($1.rawValue) }
        write(scope.account) { $0.write($1.index) }
        write(scope.asset) { $0.write($1.index) }
        write(scope.feed) { $0.write($1.index) }
    }
}

extension RecordWriter {
    /// Writes an event record.
    mutating func write(_ event: Event) {
        write(JournalRecord.Kind.event.tag)
        write(event.timestamp.milliseconds)
        write(event.kind.canonicalCode)
        write(event.provenance) { writer, provenance in
            writer.write(provenance.block) { $0.write($1) }
            writer.write(provenance.transaction) { $0.write($1) }
            writer.write(provenance.logIndex) { $0.write($1) }
            writer.write(provenance.blockHash) { $0.write($1) }
        }
        write(event.payload)
    }

    private mutating func write(_ payload: Event.Payload) {
        switch payload {
        case .oracle(let update):
            write(update.feed.index)
            write(update.asset.index)
            write(update.price)
            write(update.confidence) { $0.write($1) }
            write(update.publishTime) { $0.write($1.milliseconds) }
        case .deposit(let movement), .withdraw(let movement), .lpAdd(let movement), .lpRemove(let movement):
            write(movement.pool.index)
            write(movement.account.index)
            write(movement.asset.index)
            write(movement.amount)
        case .transfer(let transfer):
            write(transfer.account.index)
            write(transfer.asset.index)
            write(transfer.amount)
            write(transfer.fromPool.index)
            write(transfer.toPool.index)
        case .trade(let trade):
            write(trade.market.index)
            write(trade.account.index)
            write(trade.size)
            write(trade.limitPrice) { $0.write($1) }
        case .liquidate(let liquidation):
            write(liquidation.account.index)
            write(liquidation.pool.index)
            write(liquidation.liquidator) { $0.write($1.index) }
            write(liquidation.market) { $0.write($1.index) }
        case .funding(let market):
            write(market.index)
        case .tick, .block:
            break
        case .reorg(let reorg):
            write(reorg.fromBlock)
            write(reorg.toBlock)
            write(reorg.ancestorBlock)
            write(reorg.ancestorHash)
        case .optionWrite(let write):
            self.write(write.series)
            self.write(write.account.index)
            self.write(write.size)
        case .optionBuy(let purchase):
            write(purchase.series)
            write(purchase.account.index)
            write(purchase.seller.index)
            write(purchase.size)
            write(purchase.premium)
        case .optionSettle(let settlement):
            write(settlement.series)
            write(settlement.account.index)
        case .optionExpire(let series):
            write(series)
        case .governance(let action):
            write(action.kind.rawValue)
            write(action.pool) { $0.write($1.index) }
            write(action.market) { $0.write($1.index) }
            write(action.account) { $0.write($1.index) }
            write(action.feed) { $0.write($1.index) }
        case .signedAction(let event):
            write(event.signed)
            write(event.account) { $0.write($1.index) }
        case .vote(let vote):
            write(vote.domain)
            write(vote.proposal)
            write(vote.support.rawValue)
            writeBytes(vote.voter)
            writeBytes(vote.signature)
        case .queue(let proposal), .execute(let proposal):
            write(proposal)
        case .note(let note):
            write(note.action.rawValue)
            write(note.author)
            write(note.incident) { $0.write($1) }
            write(note.text)
        }
    }

    private mutating func write(_ signed: SignedAction) {
        write(signed.domain)
        write(signed.role.rawValue)
        write(signed.action.kind.rawValue)
        let scope = signed.action.scope
        for name in [scope.pool, scope.market, scope.account, scope.module] { write(name) { $0.write($1) } }
        write(UInt32(signed.action.parameters.count))
        for key in signed.action.parameters.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        ) {
            write(key)
            write(signed.action.parameters[key] ?? "")
        }
        write(signed.nonce)
        write(signed.expiresAt)
        write(UInt32(signed.signatures.count))
        for signature in signed.signatures {
            writeBytes(signature.publicKey)
            writeBytes(signature.signature)
        }
    }

    /// Bytes, length-prefixed like a string.
    mutating func writeBytes(_ bytes: [UInt8]) {
        write(UInt32(bytes.count))
        append(bytes)
    }

    private mutating func write(_ series: OptionSeries) {
        write(series.market.index)
        write(series.type.rawValue)
        write(series.strike)
        write(series.expiry.milliseconds)
    }

    /// Writes a decision record.
    mutating func write(_ decision: Decision) {
        write(JournalRecord.Kind.decision.tag)
        write(Int64(decision.sequence))
        guard !decision.isOrdinary else {
            // No rejection, no signal, no action: the same bytes as below, without reading what is not there.
            write(false)
            write(UInt32(0))
            write(UInt32(0))
            return
        }
        write(decision.rejection) { writer, rejection in
            writer.write(rejection.code.rawValue)
            writer.write(rejection.message)
        }
        write(UInt32(decision.signals.count))
        for signal in decision.signals {
            write(signal.kind.rawValue)
            write(signal.severity.rawValue)
            write(signal.scope)
            write(signal.evidence)
            write(UInt32(signal.accounts.count))
            for account in signal.accounts { write(account.index) }
        }
        write(UInt32(decision.actions.count))
        for action in decision.actions {
            write(action.kind.rawValue)
            write(action.actor.rawValue)
            write(action.scope)
            write(action.reason)
            write(action.isEnforced)
        }
    }
}

extension RecordWriter {
    /// Writes an incident step record: the decision it follows, the step, and the incident after it.
    mutating func write(_ step: IncidentStep, decision sequence: Int) {
        write(JournalRecord.Kind.incident.tag)
        write(Int64(sequence))
        write(step.kind.rawValue)
        write(step.incident)
        write(step.vector.rawValue)
        write(step.scope)
    }
}

extension Event.Kind {
    /// The kind's byte in canonical records: its position in the documented kind list, from 1.
    var canonicalCode: UInt8 {
        switch self {
        case .oracle: 1
        case .deposit: 2
        case .withdraw: 3
        case .trade: 4
        case .liquidate: 5
        case .funding: 6
        case .tick: 7
        case .transfer: 8
        case .lpAdd: 9
        case .lpRemove: 10
        case .optionWrite: 11
        case .optionBuy: 12
        case .optionSettle: 13
        case .optionExpire: 14
        case .governance: 15
        case .signedAction: 16
        case .vote: 17
        case .queue: 18
        case .execute: 19
        case .note: 20
        case .block: 21
        case .reorg: 22
        }
    }
}
