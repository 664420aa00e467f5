import BreakwaterCore

/// Bytes that identify an event or a decision exactly, for the hash chain.
///
/// Little-endian fixed-width integers, `Wad` as its 16-byte raw value, strings and lists length-prefixed,
/// optionals with a presence byte. The journal issue fixes this format in `docs/journal.md`; until then it
/// may change, and the chain head with it.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    /// Starts a new record with its tag, reusing the buffer.
    mutating func start(tag: UInt8) {
        bytes.removeAll(keepingCapacity: true)
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

extension CanonicalWriter {
    /// Writes an event's fields.
    mutating func write(_ event: Event) {
        write(event.timestamp.milliseconds)
        write(event.kind.rawValue)
        write(event.provenance) { writer, provenance in
            writer.write(provenance.block) { $0.write($1) }
            writer.write(provenance.transaction) { $0.write($1) }
            writer.write(provenance.logIndex) { $0.write($1) }
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
        case .tick:
            break
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
        }
    }

    private mutating func write(_ series: OptionSeries) {
        write(series.market.index)
        write(series.type.rawValue)
        write(series.strike)
        write(series.expiry.milliseconds)
    }

    /// Writes a decision's fields.
    mutating func write(_ decision: Decision) {
        write(Int64(decision.sequence))
        write(decision.timestamp.milliseconds)
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
        }
        write(UInt32(decision.actions.count))
        for action in decision.actions {
            write(action.kind.rawValue)
            write(action.actor.rawValue)
            write(action.scope)
            write(action.reason)
        }
    }
}
