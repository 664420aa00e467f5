public import BreakwaterCore

/// Turns lines of the JSON Lines event stream into ``Event``s, resolving names against the protocol config.
///
/// The fast reader: it scans bytes in place (``JSONLineScanner``), looks names up by their bytes in tables built at
/// load, with account names interned to small ids as they first appear, parses integers and decimals from the
/// bytes, and allocates nothing for a line of the common shape. Any line it does not accept as it stands (a bad
/// line, or a valid one written unusually: escapes, RFC 3339 times, `null`s) goes to ``ReferenceEventDecoder``,
/// which defines the format, so the result and every error (line, field, message) are the reference's exactly.
///
/// Each line is checked on its own: a bad line gives a ``StreamError`` naming the line and the field, and the
/// decoder stays ready for the next line. Timestamps must not decrease across the lines that decoded.
public struct EventDecoder: Sendable {
    private var reference: ReferenceEventDecoder
    private var scanner = JSONLineScanner()
    private let kinds: ByteNameTable
    private let assets: ByteNameTable
    private let feeds: ByteNameTable
    private let pools: ByteNameTable
    private let markets: ByteNameTable
    /// Account names by bytes, in step with ``accounts``.
    private var accountIDs = ByteNameTable()

    public init(config: ProtocolConfig) {
        reference = ReferenceEventDecoder(config: config)
        kinds = ByteNameTable(Event.Kind.allCases.map(\.rawValue))
        assets = ByteNameTable(config.assets.map(\.name))
        feeds = ByteNameTable(config.feeds.map(\.name))
        pools = ByteNameTable(config.pools.map(\.name))
        markets = ByteNameTable(config.markets.map(\.name))
    }

    public var config: ProtocolConfig { reference.config }

    /// Account names interned in the order they appear.
    public var accounts: AccountDirectory { reference.accounts }

    /// Decodes one line.
    ///
    /// - Parameters:
    ///   - line: the line's bytes, without its newline.
    ///   - number: the 1-based line number, for errors.
    /// - Throws: ``StreamError`` naming the line and the field.
    public mutating func decode(_ line: some Collection<UInt8>, number: Int) throws(StreamError) -> Event {
        let fast = line.withContiguousStorageIfAvailable { decodeFast($0) } ?? nil
        if let fast { return fast }
        let event = try reference.decode(line, number: number)
        for name in reference.accounts.names.dropFirst(accountIDs.count) { accountIDs.insert(name, id: accountIDs.count) }
        return event
    }

    /// The event on the fast path, or `nil` to leave the line to the reference reader.
    private mutating func decodeFast(_ line: UnsafeBufferPointer<UInt8>) -> Event? {
        guard scanner.scan(line) else { return nil }
        var reader = FieldReader(line: line, scanner: scanner, decoder: self)
        guard let event = reader.event(), reader.allTypesMatch() else { return nil }
        if let last = reference.lastTimestamp, event.timestamp.milliseconds < last { return nil }
        for name in reader.newAccounts {
            _ = reference.accounts.intern(name)
            accountIDs.insert(name, id: accountIDs.count)
        }
        reference.lastTimestamp = event.timestamp.milliseconds
        return event
    }

    /// Reads the scanned fields of one line as the reference reader would, or gives up with `nil`.
    private struct FieldReader {
        typealias Field = JSONLineScanner.Field
        let line: UnsafeBufferPointer<UInt8>
        let scanner: JSONLineScanner
        let decoder: EventDecoder
        /// Accounts this line names for the first time, interned only if the line decodes.
        var newAccounts: [String] = []

        /// Whether every field the line has is of the JSON type ``WireEvent`` decodes it as.
        func allTypesMatch() -> Bool {
            for field in Field.allCases where scanner[field].type != .absent {
                switch field {
                case .ts, .publishTs, .block, .logIndex:
                    // Integers that fit; RFC 3339 times are the reference reader's.
                    guard integer(field) != nil else { return false }
                default:
                    guard scanner[field].type == .string else { return false }
                }
            }
            return true
        }

        func bytes(_ field: Field) -> UnsafeBufferPointer<UInt8>? {
            let value = scanner[field]
            guard value.type == .string else { return nil }
            return UnsafeBufferPointer(rebasing: line[value.start..<value.end])
        }

        func integer(_ field: Field) -> Int64? {
            let value = scanner[field]
            guard value.type == .integer else { return nil }
            var cursor = value.start
            let negative = line[cursor] == UInt8(ascii: "-")
            if negative { cursor += 1 }
            var result: Int64 = 0
            while cursor < value.end {
                let digit = Int64(line[cursor] - UInt8(ascii: "0"))
                let (times10, o1) = result.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                result = next
                cursor += 1
            }
            return result
        }

        func decimal(_ field: Field) -> Wad? {
            guard let bytes = bytes(field), case .value(let value) = Wad.parse(utf8: bytes) else { return nil }
            return value
        }

        /// An optional decimal: `.some(nil)` when absent, `nil` when present but unreadable.
        func optionalDecimal(_ field: Field) -> Wad?? {
            scanner[field].type == .absent ? .some(nil) : decimal(field).map { $0 }
        }

        func name(_ field: Field, in table: ByteNameTable) -> Int? {
            bytes(field).flatMap(table.id(of:))
        }

        mutating func account(_ field: Field) -> AccountID? {
            guard let bytes = bytes(field), !bytes.isEmpty else { return nil }
            if let id = decoder.accountIDs.id(of: bytes) { return AccountID(id) }
            let name = String(decoding: bytes, as: UTF8.self)
            if let pending = newAccounts.firstIndex(of: name) { return AccountID(decoder.accountIDs.count + pending) }
            newAccounts.append(name)
            return AccountID(decoder.accountIDs.count + newAccounts.count - 1)
        }

        func pool(_ field: Field) -> PoolID? { name(field, in: decoder.pools).map(PoolID.init) }
        func asset(_ field: Field) -> AssetID? { name(field, in: decoder.assets).map(AssetID.init) }
        func market(_ field: Field) -> MarketID? { name(field, in: decoder.markets).map(MarketID.init) }

        mutating func event() -> Event? {
            guard let ts = integer(.ts), let kindID = name(.kind, in: decoder.kinds) else { return nil }
            let kind = Event.Kind.allCases[kindID]
            var provenance: Event.Provenance?
            if scanner[.block].type != .absent || scanner[.tx].type != .absent || scanner[.logIndex].type != .absent {
                provenance = Event.Provenance(
                    block: integer(.block),
                    transaction: bytes(.tx).map { String(decoding: $0, as: UTF8.self) },
                    logIndex: integer(.logIndex)
                )
            }
            guard let payload = payload(kind) else { return nil }
            return Event(timestamp: Timestamp(milliseconds: ts), provenance: provenance, payload: payload)
        }

        mutating func movement() -> AssetMovement? {
            guard let pool = pool(.pool), let account = account(.account), let asset = asset(.asset),
                let amount = decimal(.amount)
            else { return nil }
            return AssetMovement(pool: pool, account: account, asset: asset, amount: amount)
        }

        mutating func payload(_ kind: Event.Kind) -> Event.Payload? {
            switch kind {
            case .oracle: return oracle().map(Event.Payload.oracle)
            case .deposit: return movement().map(Event.Payload.deposit)
            case .withdraw: return movement().map(Event.Payload.withdraw)
            case .lpAdd: return movement().map(Event.Payload.lpAdd)
            case .lpRemove: return movement().map(Event.Payload.lpRemove)
            case .trade:
                guard let market = market(.market), let account = account(.account), let size = decimal(.size),
                    let limit = optionalDecimal(.price)
                else { return nil }
                return .trade(Trade(market: market, account: account, size: size, limitPrice: limit))
            case .liquidate:
                guard let account = account(.account), let pool = pool(.pool) else { return nil }
                var liquidator: AccountID?
                if scanner[.liquidator].type != .absent {
                    guard let id = self.account(.liquidator) else { return nil }
                    liquidator = id
                }
                var market: MarketID?
                if scanner[.market].type != .absent {
                    guard let id = self.market(.market) else { return nil }
                    market = id
                }
                return .liquidate(Liquidation(account: account, pool: pool, liquidator: liquidator, market: market))
            case .funding:
                return market(.market).map { .funding(market: $0) }
            case .tick:
                return .tick
            case .transfer:
                guard let account = account(.account), let asset = asset(.asset), let amount = decimal(.amount),
                    let from = pool(.fromPool), let to = pool(.toPool)
                else { return nil }
                return .transfer(PoolTransfer(account: account, asset: asset, amount: amount, fromPool: from, toPool: to))
            }
        }

        func oracle() -> OracleUpdate? {
            let config = decoder.config
            guard let feed = name(.feed, in: decoder.feeds).map(FeedID.init) else { return nil }
            let asset: AssetID
            if scanner[.asset].type != .absent {
                guard let named = self.asset(.asset) else { return nil }
                asset = named
            } else if let market = market(.market) {
                asset = config.market(market).underlying
            } else {
                return nil
            }
            guard asset == config.feed(feed).asset, let price = decimal(.price), let confidence = optionalDecimal(.confidence)
            else { return nil }
            var publishTime: Timestamp?
            if scanner[.publishTs].type != .absent {
                guard let milliseconds = integer(.publishTs) else { return nil }
                publishTime = Timestamp(milliseconds: milliseconds)
            }
            return OracleUpdate(feed: feed, asset: asset, price: price, confidence: confidence, publishTime: publishTime)
        }
    }
}
