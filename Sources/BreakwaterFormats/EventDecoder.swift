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
    private let optionMarkets: ByteNameTable
    private let optionTypes = ByteNameTable(OptionType.allCases.map(\.rawValue))
    /// The kinds and option types by table id, kept so a line does not rebuild `allCases`.
    private let kindsByID = Event.Kind.allCases
    private let optionTypesByID = OptionType.allCases
    /// Account names by bytes, in step with ``accounts``.
    private var accountIDs = ByteNameTable()
    /// Accounts the current line names for the first time, interned only if the line decodes.
    private var newAccounts: [String] = []
    /// `stream.max_line_bytes`, kept apart so the fast path does not copy the config for it.
    private let maxLineBytes: Int

    public init(config: ProtocolConfig) {
        reference = ReferenceEventDecoder(config: config)
        kinds = ByteNameTable(Event.Kind.allCases.map(\.rawValue))
        assets = ByteNameTable(config.assets.map(\.name))
        feeds = ByteNameTable(config.feeds.map(\.name))
        pools = ByteNameTable(config.pools.map(\.name))
        markets = ByteNameTable(config.markets.map(\.name))
        optionMarkets = ByteNameTable(config.optionMarkets.map(\.name))
        maxLineBytes = Int(config.stream.maxLineBytes)
    }

    public var config: ProtocolConfig { reference.config }

    /// Account names interned in the order they appear.
    public var accounts: AccountDirectory { reference.accounts }

    /// The time of the last line decoded, which the next must not precede; a snapshot keeps it.
    public var lastTimestamp: Int64? {
        get { reference.lastTimestamp }
        set { reference.lastTimestamp = newValue }
    }

    /// The number of the last `block` marker decoded, which the next must follow; a snapshot keeps it.
    public var lastBlock: Int64? {
        get { reference.lastBlock }
        set { reference.lastBlock = newValue }
    }

    /// A line whose time is more than this past ``lastTimestamp`` is refused with ``StreamError/Code/timeJump``
    /// and changes nothing; `nil`, the default, takes any jump. The replay sets it from `stream.max_time_jump_ms`
    /// and holds such a line until the lines after it confirm the jump.
    public var maxTimeJump: Int64? {
        get { reference.maxTimeJump }
        set { reference.maxTimeJump = newValue }
    }

    /// Interns the account names of `directory` that this decoder has not seen, in its order: for events that were
    /// decoded elsewhere (read back from a journal) with the same ids.
    public mutating func adopt(_ directory: AccountDirectory) {
        for name in directory.names.dropFirst(accountIDs.count) {
            _ = reference.accounts.intern(name)
            accountIDs.insert(name, id: accountIDs.count)
        }
    }

    /// Decodes one line.
    ///
    /// - Parameters:
    ///   - line: the line's bytes, without its newline.
    ///   - number: the 1-based line number, for errors.
    /// - Throws: ``StreamError`` naming the line and the field.
    public mutating func decode(_ line: some Collection<UInt8>, number: Int) throws(StreamError) -> Event {
        let fast = line.withContiguousStorageIfAvailable { try? decodeFast($0) } ?? nil
        if let fast { return fast }
        return try decodeReference(line, number: number)
    }

    /// ``decode(_:number:)`` on bytes in place: the stream reader's path.
    public mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(StreamError) -> Event {
        do {
            return try decodeFast(line)
        } catch {
            return try decodeReference(line, number: number)
        }
    }

    /// ``decode(_:number:)`` of a line whose time is not its own: the event happens at `milliseconds` (since the
    /// epoch), whatever the line's `ts` says. A service stamps the lines it is sent this way, and checks them
    /// against `rules` as they are parsed. A line refused changes nothing: no account is interned, no time kept.
    public mutating func decode(
        _ line: some Collection<UInt8>,
        number: Int,
        stampedAt milliseconds: Int64,
        rules: LineRules? = nil
    ) throws(StreamError) -> Event {
        let event = try reference.decode(line, number: number, at: milliseconds, rules: rules)
        adoptReferenceAccounts()
        return event
    }

    /// Why the fast path leaves a line to the reference reader. Thrown rather than returned as an optional, so the
    /// event is built where the caller keeps it instead of being copied out of one.
    private struct LeftToReference: Error {}

    /// The reference reader's result for a line the fast path left to it; the accounts it interned join the table.
    private mutating func decodeReference(_ line: some Collection<UInt8>, number: Int) throws(StreamError) -> Event {
        let event = try reference.decode(line, number: number)
        adoptReferenceAccounts()
        return event
    }

    /// The accounts the reference reader interned join the table.
    private mutating func adoptReferenceAccounts() {
        for name in reference.accounts.names.dropFirst(accountIDs.count) {
            accountIDs.insert(name, id: accountIDs.count)
        }
    }

    /// The event on the fast path.
    private mutating func decodeFast(_ line: UnsafeBufferPointer<UInt8>) throws(LeftToReference) -> Event {
        guard line.count <= maxLineBytes, scanner.scan(line), scanner.typesMatch else {
            throw LeftToReference()
        }
        if !newAccounts.isEmpty { newAccounts.removeAll(keepingCapacity: true) }
        let event = try event(line)
        if let last = reference.lastTimestamp {
            // A line before the stream's time, or a jump past it, is the reference's to word.
            let time = event.timestamp.milliseconds
            guard time >= last, reference.maxTimeJump.map({ time &- last <= $0 && time &- last >= 0 }) ?? true else {
                throw LeftToReference()
            }
        }
        if let last = reference.lastBlock, let block = event.provenance?.block, block < last {
            throw LeftToReference()
        }
        for name in newAccounts {
            _ = reference.accounts.intern(name)
            accountIDs.insert(name, id: accountIDs.count)
        }
        reference.lastTimestamp = event.timestamp.milliseconds
        if case .block = event.payload { reference.lastBlock = event.provenance?.block }
        return event
    }

    // Reading the scanned fields of one line as the reference reader would, or giving up with `nil`. These are
    // the decoder's own methods, taking the line, so that reading never copies the decoder's tables. The scanner has
    // checked that every present field has its type.
    private typealias Field = JSONLineScanner.Field
    private typealias Line = UnsafeBufferPointer<UInt8>

    private func bytes(_ line: Line, _ field: Field) -> UnsafeBufferPointer<UInt8>? {
        scanner.string(field).map { UnsafeBufferPointer(rebasing: line[$0.start..<$0.end]) }
    }

    /// An integer field, as the scanner read it.
    private func integer(_ field: Field) -> Int64? { scanner.span(field)?.integer }

    private func decimal(_ line: Line, _ field: Field) -> Wad? {
        guard let bytes = bytes(line, field), case .value(let value) = Wad.parse(utf8: bytes) else { return nil }
        return value
    }

    /// An optional decimal: `.some(nil)` when absent, `nil` when present but unreadable.
    private func optionalDecimal(_ line: Line, _ field: Field) -> Wad?? {
        scanner.has(field) ? decimal(line, field).map { $0 } : .some(nil)
    }

    private func name(_ line: Line, _ field: Field, in table: ByteNameTable) -> Int? {
        bytes(line, field).flatMap(table.id(of:))
    }

    private mutating func account(_ line: Line, _ field: Field) -> AccountID? {
        guard let bytes = bytes(line, field), !bytes.isEmpty else { return nil }
        if let id = accountIDs.id(of: bytes) { return AccountID(id) }
        let name = String(decoding: bytes, as: UTF8.self)
        if let pending = newAccounts.firstIndex(of: name) { return AccountID(accountIDs.count + pending) }
        newAccounts.append(name)
        return AccountID(accountIDs.count + newAccounts.count - 1)
    }

    private func pool(_ line: Line, _ field: Field) -> PoolID? { name(line, field, in: pools).map(PoolID.init) }
    private func asset(_ line: Line, _ field: Field) -> AssetID? { name(line, field, in: assets).map(AssetID.init) }
    private func market(_ line: Line, _ field: Field) -> MarketID? { name(line, field, in: markets).map(MarketID.init) }

    private mutating func event(_ line: Line) throws(LeftToReference) -> Event {
        guard let ts = integer(.ts), let kindID = name(line, .kind, in: kinds) else { throw LeftToReference() }
        let kind = kindsByID[kindID]
        var provenance: Event.Provenance?
        if scanner.has(.block) || scanner.has(.tx) || scanner.has(.logIndex) || scanner.has(.blockHash) {
            provenance = Event.Provenance(
                block: integer(.block),
                transaction: bytes(line, .tx).map { String(decoding: $0, as: UTF8.self) },
                logIndex: integer(.logIndex),
                blockHash: bytes(line, .blockHash).map { String(decoding: $0, as: UTF8.self) }
            )
        }
        return Event(timestamp: Timestamp(milliseconds: ts), provenance: provenance, payload: try payload(line, kind))
    }

    private mutating func movement(_ line: Line) -> AssetMovement? {
        guard let pool = pool(line, .pool), let account = account(line, .account), let asset = asset(line, .asset),
            let amount = decimal(line, .amount)
        else { return nil }
        return AssetMovement(pool: pool, account: account, asset: asset, amount: amount)
    }

    private mutating func payload(_ line: Line, _ kind: Event.Kind) throws(LeftToReference) -> Event.Payload {
        switch kind {
        // Rare and read with care: the reference reader's.
        case .governance, .signedAction, .vote, .queue, .execute, .note, .reorg: throw LeftToReference()
        case .oracle: return .oracle(try required(oracle(line)))
        case .deposit: return .deposit(try required(movement(line)))
        case .withdraw: return .withdraw(try required(movement(line)))
        case .lpAdd: return .lpAdd(try required(movement(line)))
        case .lpRemove: return .lpRemove(try required(movement(line)))
        case .trade:
            guard let market = market(line, .market), let account = account(line, .account),
                let size = decimal(line, .size),
                let limit = optionalDecimal(line, .price)
            else { throw LeftToReference() }
            return .trade(Trade(market: market, account: account, size: size, limitPrice: limit))
        case .liquidate:
            guard let account = account(line, .account), let pool = pool(line, .pool) else { throw LeftToReference() }
            var liquidator: AccountID?
            if scanner.has(.liquidator) {
                guard let id = self.account(line, .liquidator) else { throw LeftToReference() }
                liquidator = id
            }
            var market: MarketID?
            if scanner.has(.market) {
                guard let id = self.market(line, .market) else { throw LeftToReference() }
                market = id
            }
            return .liquidate(Liquidation(account: account, pool: pool, liquidator: liquidator, market: market))
        case .funding:
            return .funding(market: try required(market(line, .market)))
        case .tick:
            return .tick
        case .block:
            guard let number = integer(.block), number >= 0, let hash = bytes(line, .blockHash),
                ReferenceEventDecoder.isHash(hash),
                reference.lastBlock.map({ number > $0 }) ?? true
            else { throw LeftToReference() }
            return .block
        case .optionWrite:
            guard let series = series(line), let account = account(line, .account), let size = decimal(line, .size)
            else { throw LeftToReference() }
            return .optionWrite(OptionWrite(series: series, account: account, size: size))
        case .optionBuy:
            guard let series = series(line), let account = account(line, .account),
                let seller = self.account(line, .seller),
                let size = decimal(line, .size), let premium = decimal(line, .premium)
            else { throw LeftToReference() }
            return .optionBuy(
                OptionPurchase(series: series, account: account, seller: seller, size: size, premium: premium)
            )
        case .optionSettle:
            guard let series = series(line), let account = account(line, .account) else { throw LeftToReference() }
            return .optionSettle(OptionSettlement(series: series, account: account))
        case .optionExpire:
            return .optionExpire(try required(series(line)))
        case .transfer:
            guard let account = account(line, .account), let asset = asset(line, .asset),
                let amount = decimal(line, .amount),
                let from = pool(line, .fromPool), let to = pool(line, .toPool)
            else { throw LeftToReference() }
            return .transfer(PoolTransfer(account: account, asset: asset, amount: amount, fromPool: from, toPool: to))
        }
    }

    /// A field read on the fast path, or the throw that leaves the line to the reference reader.
    private func required<T>(_ value: T?) throws(LeftToReference) -> T {
        guard let value else { throw LeftToReference() }
        return value
    }

    private func series(_ line: Line) -> OptionSeries? {
        guard let market = name(line, .market, in: optionMarkets).map(OptionMarketID.init),
            let type = name(line, .optionType, in: optionTypes).map({ optionTypesByID[$0] }),
            let strike = decimal(line, .strike), let expiry = integer(.expiry)
        else { return nil }
        return OptionSeries(market: market, type: type, strike: strike, expiry: Timestamp(milliseconds: expiry))
    }

    private func oracle(_ line: Line) -> OracleUpdate? {
        let config = config
        guard let feed = name(line, .feed, in: feeds).map(FeedID.init) else { return nil }
        let asset: AssetID
        if scanner.has(.asset) {
            guard let named = self.asset(line, .asset) else { return nil }
            asset = named
        } else if let market = market(line, .market) {
            asset = config.market(market).underlying
        } else {
            return nil
        }
        guard asset == config.feed(feed).asset, let price = decimal(line, .price),
            let confidence = optionalDecimal(line, .confidence)
        else { return nil }
        var publishTime: Timestamp?
        if scanner.has(.publishTs) {
            guard let milliseconds = integer(.publishTs) else { return nil }
            publishTime = Timestamp(milliseconds: milliseconds)
        }
        return OracleUpdate(feed: feed, asset: asset, price: price, confidence: confidence, publishTime: publishTime)
    }
}
