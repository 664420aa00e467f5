import BreakwaterCore

/// Bytes that identify an event or a decision exactly, for the hash chain.
///
/// Little-endian fixed-width integers, `Wad` as its 16-byte raw value, strings and lists length-prefixed,
/// optionals with a presence byte. The journal issue fixes this format in `docs/journal.md`; until then it
/// may change, and the chain head with it.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init(tag: UInt8) {
        bytes.reserveCapacity(128)
        bytes.append(tag)
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Wad) { write(value.raw) }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func write(_ value: String) {
        write(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func write<T>(_ value: T?, _ body: (inout CanonicalWriter, T) -> Void) {
        write(value != nil)
        if let value { body(&self, value) }
    }

    mutating func write(_ scope: Scope) {
        write(scope.isProtocol)
        write(scope.pool) { $0.write($1.index) }
        write(scope.market) { $0.write($1.index) }
        write(scope.function) { $0.write($1.rawValue) }
        write(scope.account) { $0.write($1.index) }
    }
}

extension Event {
    /// The canonical bytes of this event.
    var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(tag: UInt8(ascii: "E"))
        writer.write(timestamp.milliseconds)
        writer.write(kind.rawValue)
        writer.write(provenance) { writer, provenance in
            writer.write(provenance.block) { $0.write($1) }
            writer.write(provenance.transaction) { $0.write($1) }
            writer.write(provenance.logIndex) { $0.write($1) }
        }
        switch payload {
        case .oracle(let update):
            writer.write(update.feed.index)
            writer.write(update.asset.index)
            writer.write(update.price)
            writer.write(update.confidence) { $0.write($1) }
            writer.write(update.publishTime) { $0.write($1.milliseconds) }
        case .deposit(let movement), .withdraw(let movement), .lpAdd(let movement), .lpRemove(let movement):
            writer.write(movement.pool.index)
            writer.write(movement.account.index)
            writer.write(movement.asset.index)
            writer.write(movement.amount)
        case .transfer(let transfer):
            writer.write(transfer.account.index)
            writer.write(transfer.asset.index)
            writer.write(transfer.amount)
            writer.write(transfer.fromPool.index)
            writer.write(transfer.toPool.index)
        case .trade(let trade):
            writer.write(trade.market.index)
            writer.write(trade.account.index)
            writer.write(trade.size)
            writer.write(trade.limitPrice) { $0.write($1) }
        case .liquidate(let liquidation):
            writer.write(liquidation.account.index)
            writer.write(liquidation.pool.index)
            writer.write(liquidation.liquidator) { $0.write($1.index) }
            writer.write(liquidation.market) { $0.write($1.index) }
        case .funding(let market):
            writer.write(market.index)
        case .tick:
            break
        }
        return writer.bytes
    }
}

extension Decision {
    /// The canonical bytes of this decision.
    var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(tag: UInt8(ascii: "D"))
        writer.write(Int64(sequence))
        writer.write(timestamp.milliseconds)
        writer.write(rejection) { writer, rejection in
            writer.write(rejection.code.rawValue)
            writer.write(rejection.message)
        }
        writer.write(UInt32(signals.count))
        for signal in signals {
            writer.write(signal.kind.rawValue)
            writer.write(signal.severity.rawValue)
            writer.write(signal.scope)
            writer.write(signal.evidence)
        }
        writer.write(UInt32(actions.count))
        for action in actions {
            writer.write(action.kind.rawValue)
            writer.write(action.actor.rawValue)
            writer.write(action.scope)
            writer.write(action.reason)
        }
        return writer.bytes
    }
}
