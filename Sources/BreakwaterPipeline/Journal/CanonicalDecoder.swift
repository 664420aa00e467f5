public import BreakwaterCore

/// Reads events and account names back from their canonical records, checking every id against the config and
/// the accounts bound so far: a record that does not decode is a ``JournalError``, never a crash.
public struct CanonicalDecoder: Sendable {
    private let feeds: Int
    private let assets: Int
    private let pools: Int
    private let markets: Int
    private let optionMarkets: Int
    /// The journal's format: format 2's provenance has no block hash.
    private let formatVersion: UInt16
    /// How many account ids the account records have bound so far.
    public private(set) var accountCount = 0

    public init(config: ProtocolConfig, formatVersion: UInt16 = JournalHeader.currentFormatVersion) {
        self.formatVersion = formatVersion
        feeds = config.feeds.count
        assets = config.assets.count
        pools = config.pools.count
        markets = config.markets.count
        optionMarkets = config.optionMarkets.count
    }

    /// Reads an account record, which must bind the next id.
    ///
    /// - Returns: the account's name.
    public mutating func account(_ bytes: [UInt8]) throws(JournalError) -> String {
        try RecordReader.reading(bytes) { reader throws(JournalError) in try account(&reader) }
    }

    /// Reads an account record lent for the call, which must bind the next id.
    ///
    /// - Returns: the account's name.
    public mutating func account(in bytes: UnsafeRawBufferPointer) throws(JournalError) -> String {
        var reader = RecordReader(bytes)
        return try account(&reader)
    }

    private mutating func account(_ reader: inout RecordReader) throws(JournalError) -> String {
        guard try reader.read(UInt8.self) == JournalRecord.Kind.account.tag else {
            throw JournalError(.malformedRecord, "not an account record")
        }
        let id = try reader.read(Int32.self)
        guard id == accountCount else {
            throw JournalError(.malformedRecord, "account id \(id) is bound out of order (expected \(accountCount))")
        }
        let name = try reader.readString()
        try reader.expectEnd(of: "account record")
        accountCount += 1
        return name
    }

    /// Reads an event record.
    public func event(_ bytes: [UInt8]) throws(JournalError) -> Event {
        try RecordReader.reading(bytes) { reader throws(JournalError) in try event(&reader) }
    }

    /// Reads an event record lent for the call.
    public func event(in bytes: UnsafeRawBufferPointer) throws(JournalError) -> Event {
        var reader = RecordReader(bytes)
        return try event(&reader)
    }

    private func event(_ reader: inout RecordReader) throws(JournalError) -> Event {
        guard try reader.read(UInt8.self) == JournalRecord.Kind.event.tag else {
            throw JournalError(.malformedRecord, "not an event record")
        }
        let timestamp = Timestamp(milliseconds: try reader.read(Int64.self))
        let code = try reader.read(UInt8.self)
        guard let kind = Event.Kind.allCases.first(where: { $0.canonicalCode == code }) else {
            throw JournalError(.malformedRecord, "unknown event kind code \(code)")
        }
        let provenance = try reader.readOptional { reader throws(JournalError) in
            Event.Provenance(
                block: try reader.readOptional { reader throws(JournalError) in try reader.read(Int64.self) },
                transaction: try reader.readOptional { reader throws(JournalError) in try reader.readString() },
                logIndex: try reader.readOptional { reader throws(JournalError) in try reader.read(Int64.self) },
                blockHash: formatVersion < 3
                    ? nil : try reader.readOptional { reader throws(JournalError) in try reader.readString() }
            )
        }
        let payload = try payload(of: kind, from: &reader)
        try reader.expectEnd(of: "event record")
        return Event(timestamp: timestamp, provenance: provenance, payload: payload)
    }

    private func payload(of kind: Event.Kind, from reader: inout RecordReader) throws(JournalError) -> Event.Payload {
        switch kind {
        case .oracle:
            return .oracle(
                OracleUpdate(
                    feed: FeedID(try index(&reader, below: feeds, "feed")),
                    asset: AssetID(try index(&reader, below: assets, "asset")),
                    price: try wad(&reader),
                    confidence: try reader.readOptional { reader throws(JournalError) in try wad(&reader) },
                    publishTime: try reader.readOptional { reader throws(JournalError) in
                        Timestamp(milliseconds: try reader.read(Int64.self))
                    }
                )
            )
        case .deposit: return .deposit(try movement(&reader))
        case .withdraw: return .withdraw(try movement(&reader))
        case .lpAdd: return .lpAdd(try movement(&reader))
        case .lpRemove: return .lpRemove(try movement(&reader))
        case .transfer:
            return .transfer(
                PoolTransfer(
                    account: try account(&reader),
                    asset: AssetID(try index(&reader, below: assets, "asset")),
                    amount: try wad(&reader),
                    fromPool: try pool(&reader),
                    toPool: try pool(&reader)
                )
            )
        case .trade:
            return .trade(
                Trade(
                    market: try market(&reader),
                    account: try account(&reader),
                    size: try wad(&reader),
                    limitPrice: try reader.readOptional { reader throws(JournalError) in try wad(&reader) }
                )
            )
        case .liquidate:
            return .liquidate(
                Liquidation(
                    account: try account(&reader),
                    pool: try pool(&reader),
                    liquidator: try reader.readOptional { reader throws(JournalError) in try account(&reader) },
                    market: try reader.readOptional { reader throws(JournalError) in try market(&reader) }
                )
            )
        case .funding: return .funding(market: try market(&reader))
        case .tick: return .tick
        case .block: return .block
        case .reorg:
            return .reorg(
                Reorg(
                    fromBlock: try reader.read(Int64.self),
                    toBlock: try reader.read(Int64.self),
                    ancestorBlock: try reader.read(Int64.self),
                    ancestorHash: try reader.readString()
                )
            )
        case .optionWrite:
            return .optionWrite(
                OptionWrite(series: try series(&reader), account: try account(&reader), size: try wad(&reader))
            )
        case .optionBuy:
            return .optionBuy(
                OptionPurchase(
                    series: try series(&reader),
                    account: try account(&reader),
                    seller: try account(&reader),
                    size: try wad(&reader),
                    premium: try wad(&reader)
                )
            )
        case .optionSettle:
            return .optionSettle(OptionSettlement(series: try series(&reader), account: try account(&reader)))
        case .optionExpire:
            return .optionExpire(try series(&reader))
        case .signedAction:
            return .signedAction(try signedAction(&reader))
        case .vote:
            return .vote(try vote(&reader))
        case .queue:
            return .queue(proposal: try reader.read(UInt64.self))
        case .execute:
            return .execute(proposal: try reader.read(UInt64.self))
        case .note:
            let name = try reader.readString()
            guard let action = Note.Action(rawValue: name) else {
                throw JournalError(.malformedRecord, "unknown note action '\(name)'")
            }
            return .note(
                Note(
                    action: action,
                    author: try reader.readString(),
                    incident: try reader.readOptional { reader throws(JournalError) in try reader.readString() },
                    text: try reader.readString()
                )
            )
        case .governance:
            let name = try reader.readString()
            guard let action = GovernanceAction.Kind(rawValue: name) else {
                throw JournalError(.malformedRecord, "unknown governance action '\(name)'")
            }
            return .governance(
                GovernanceAction(
                    kind: action,
                    pool: try reader.readOptional { reader throws(JournalError) in try pool(&reader) },
                    market: try reader.readOptional { reader throws(JournalError) in try market(&reader) },
                    account: try reader.readOptional { reader throws(JournalError) in try account(&reader) },
                    feed: try reader.readOptional { reader throws(JournalError) in
                        FeedID(try index(&reader, below: feeds, "feed"))
                    }
                )
            )
        }
    }

    private func signedAction(_ reader: inout RecordReader) throws(JournalError) -> SignedActionEvent {
        let domain = try reader.readString()
        let roleName = try reader.readString()
        guard let role = Role(rawValue: roleName) else {
            throw JournalError(.malformedRecord, "unknown role '\(roleName)'")
        }
        let kindName = try reader.readString()
        guard let kind = GovernedAction.Kind(rawValue: kindName) else {
            throw JournalError(.malformedRecord, "unknown governed action '\(kindName)'")
        }
        func name(_ reader: inout RecordReader) throws(JournalError) -> String? {
            try reader.readOptional { reader throws(JournalError) in try reader.readString() }
        }
        let scope = GovernedAction.Scope(
            pool: try name(&reader),
            market: try name(&reader),
            account: try name(&reader),
            module: try name(&reader)
        )
        var parameters: [String: String] = [:]
        var previousKey: [UInt8]?
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            let key = try reader.readString()
            // In key order, each once: the order the encoder writes, so the record is the action's own encoding.
            guard previousKey.map({ $0.lexicographicallyPrecedes(Array(key.utf8)) }) ?? true else {
                throw JournalError(.malformedRecord, "the parameters are not in key order")
            }
            previousKey = Array(key.utf8)
            parameters[key] = try reader.readString()
        }
        let nonce = try reader.read(UInt64.self)
        let expiresAt = try reader.read(Int64.self)
        var signatures: [SignedAction.Signature] = []
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            signatures.append(
                SignedAction.Signature(publicKey: try reader.readBytes(), signature: try reader.readBytes())
            )
        }
        let signed = SignedAction(
            domain: domain,
            role: role,
            action: GovernedAction(kind: kind, scope: scope, parameters: parameters),
            nonce: nonce,
            expiresAt: expiresAt,
            signatures: signatures
        )
        return SignedActionEvent(
            signed: signed,
            account: try reader.readOptional { reader throws(JournalError) in try account(&reader) }
        )
    }

    private func vote(_ reader: inout RecordReader) throws(JournalError) -> SignedVote {
        let domain = try reader.readString()
        let proposal = try reader.read(UInt64.self)
        let supportName = try reader.readString()
        guard let support = SignedVote.Support(rawValue: supportName) else {
            throw JournalError(.malformedRecord, "unknown vote support '\(supportName)'")
        }
        return SignedVote(
            domain: domain,
            proposal: proposal,
            support: support,
            voter: try reader.readBytes(),
            signature: try reader.readBytes()
        )
    }

    private func movement(_ reader: inout RecordReader) throws(JournalError) -> AssetMovement {
        AssetMovement(
            pool: try pool(&reader),
            account: try account(&reader),
            asset: AssetID(try index(&reader, below: assets, "asset")),
            amount: try wad(&reader)
        )
    }

    private func series(_ reader: inout RecordReader) throws(JournalError) -> OptionSeries {
        let market = OptionMarketID(try index(&reader, below: optionMarkets, "option market"))
        let name = try reader.readString()
        guard let type = OptionType(rawValue: name) else {
            throw JournalError(.malformedRecord, "unknown option type '\(name)'")
        }
        return OptionSeries(
            market: market,
            type: type,
            strike: try wad(&reader),
            expiry: Timestamp(milliseconds: try reader.read(Int64.self))
        )
    }

    private func wad(_ reader: inout RecordReader) throws(JournalError) -> Wad {
        Wad(raw: try reader.read(Int128.self))
    }

    private func pool(_ reader: inout RecordReader) throws(JournalError) -> PoolID {
        PoolID(try index(&reader, below: pools, "pool"))
    }

    private func market(_ reader: inout RecordReader) throws(JournalError) -> MarketID {
        MarketID(try index(&reader, below: markets, "market"))
    }

    private func account(_ reader: inout RecordReader) throws(JournalError) -> AccountID {
        AccountID(try index(&reader, below: accountCount, "account"))
    }

    /// An id, which must name one of the `count` things of its kind.
    private func index(_ reader: inout RecordReader, below count: Int, _ what: String) throws(JournalError) -> Int {
        let index = try reader.read(Int32.self)
        guard index >= 0, index < count else {
            throw JournalError(.malformedRecord, "\(what) id \(index) is not one of the \(count) known")
        }
        return Int(index)
    }
}
