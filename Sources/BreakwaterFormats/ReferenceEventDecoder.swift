package import BreakwaterCore
import Foundation

/// The straightforward reader of the JSON Lines event stream: Foundation's `JSONDecoder` into ``WireEvent``, then
/// the fields resolved against the protocol config.
///
/// It defines what the stream means and every error message. ``EventDecoder`` reads the same lines fast and
/// hands every line it does not accept to this reader, so the two agree on every line (a property-based test
/// holds them to it). Each line is checked on its own: a bad line gives a ``StreamError`` naming the line and the
/// field, and the decoder stays ready for the next line. Timestamps must not decrease across the lines that
/// decoded; block markers' numbers must increase, and no event's block may be earlier than the last marker's. A
/// `reorg` goes back to its ancestor: its block and its time.
package struct ReferenceEventDecoder: Sendable {
    package let config: ProtocolConfig
    /// Account names interned in the order they appear.
    package internal(set) var accounts = AccountDirectory()
    package internal(set) var lastTimestamp: Int64?
    /// The number of the last `block` marker decoded.
    package internal(set) var lastBlock: Int64?
    /// A line whose time is more than this past ``lastTimestamp`` is a ``StreamError/Code/timeJump``, not decoded;
    /// `nil` takes any jump.
    package var maxTimeJump: Int64?
    private let assets: [String: AssetID]
    private let feeds: [String: FeedID]
    private let pools: [String: PoolID]
    private let markets: [String: MarketID]
    private let optionMarkets: [String: OptionMarketID]

    package init(config: ProtocolConfig) {
        self.config = config
        assets = Dictionary(config.assets.enumerated().map { ($1.name, AssetID($0)) }) { first, _ in first }
        feeds = Dictionary(config.feeds.enumerated().map { ($1.name, FeedID($0)) }) { first, _ in first }
        pools = Dictionary(config.pools.enumerated().map { ($1.name, PoolID($0)) }) { first, _ in first }
        markets = Dictionary(config.markets.enumerated().map { ($1.name, MarketID($0)) }) { first, _ in first }
        optionMarkets = Dictionary(config.optionMarkets.enumerated().map { ($1.name, OptionMarketID($0)) }) {
            first,
            _ in first
        }
    }

    /// Decodes one line.
    ///
    /// - Parameters:
    ///   - line: the line's bytes, without its newline.
    ///   - number: the 1-based line number, for errors.
    ///   - timestamp: the time to give the event instead of the line's `ts`, in milliseconds since the epoch.
    /// - Throws: ``StreamError`` naming the line and the field.
    ///   - rules: what the line must keep beyond the format (a posted line's kinds and fields), if anything.
    package mutating func decode(
        _ line: some Collection<UInt8>,
        number: Int,
        at timestamp: Int64? = nil,
        rules: LineRules? = nil
    ) throws(StreamError) -> Event {
        guard line.count <= config.stream.maxLineBytes else {
            throw StreamError(
                .overLimit,
                line: number,
                field: nil,
                message: "longer than \(config.stream.maxLineBytes) bytes (stream.max_line_bytes)"
            )
        }
        let bytes = Array(line)
        try Self.checkStrictJSON(bytes, line: number)
        var wire: WireEvent
        do {
            if let rules {
                let decoder = JSONDecoder()
                decoder.userInfo[RuledWireEvent.rulesKey] = rules
                wire = try decoder.decode(RuledWireEvent.self, from: Data(bytes)).wire
            } else {
                wire = try JSONDecoder().decode(WireEvent.self, from: Data(bytes))
            }
        } catch let error as DecodingError {
            throw Self.streamError(error, line: number)
        } catch let violation as RuledWireEvent.Violation {
            throw StreamError(.notAllowed, line: number, field: violation.field, message: violation.message)
        } catch {
            throw StreamError(.malformedJSON, line: number, field: nil, message: "malformed JSON")
        }
        if let timestamp { wire.ts = .milliseconds(timestamp) }
        var resolver = Resolver(wire: wire, line: number, decoder: self)
        let event = try resolver.event()
        if let last = lastTimestamp, event.timestamp.milliseconds < last, event.kind != .reorg {
            throw StreamError(
                .outOfOrder,
                line: number,
                field: "ts",
                message: "timestamp \(event.timestamp) is before the previous event's \(last)"
            )
        }
        if timestamp == nil, let limit = maxTimeJump, let last = lastTimestamp, event.timestamp.milliseconds > last {
            let (jump, overflow) = event.timestamp.milliseconds.subtractingReportingOverflow(last)
            if overflow || jump > limit {
                throw StreamError(
                    .timeJump,
                    line: number,
                    field: "ts",
                    message: "jumps \(overflow ? "more than \(Int64.max)" : "\(jump)") ms past the stream's time"
                )
            }
        }
        try checkBlockOrder(event, line: number)
        // Only a line that is used interns its account names, so ids do not depend on bad lines.
        accounts = resolver.decoder.accounts
        lastTimestamp = event.timestamp.milliseconds
        if event.kind == .block { lastBlock = event.provenance?.block }
        if case .reorg(let reorg) = event.payload { lastBlock = reorg.ancestorBlock }
        return event
    }

    /// The line is one strict JSON object (``StrictJSON``), and its integer fields hold integers in their ranges:
    /// what Foundation's reader would let through or read loosely (`1.0` as 1, a repeated key as one of its values)
    /// is refused first, with the field at fault.
    private static func checkStrictJSON(_ bytes: [UInt8], line: Int) throws(StreamError) {
        let members: [(key: String, value: StrictJSON.Value)]
        do {
            members = try bytes.withUnsafeBufferPointer { try StrictJSON.members(of: $0) }
        } catch let fault as StrictJSON.Fault {
            let code: StreamError.Code =
                switch fault.kind {
                case .malformed, .repeatedKey: .malformedJSON
                case .tooDeep: .overLimit
                }
            throw StreamError(code, line: line, field: fault.field, message: fault.message)
        } catch {
            throw StreamError(.malformedJSON, line: line, field: nil, message: "malformed JSON")
        }
        for (key, value) in members {
            guard case .number(let text) = value, let range = WireEvent.integerFields[key] else { continue }
            guard text.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) }) else {
                let expected =
                    range == .timestamp
                    ? "expected integer milliseconds since the epoch or an RFC 3339 string" : "expected an integer"
                throw StreamError(.wrongType, line: line, field: key, message: expected)
            }
            guard range.contains(text) else {
                throw StreamError(.invalidValue, line: line, field: key, message: range.expected)
            }
        }
    }

    /// Whether `text` is `0x` and 64 lower-case hexadecimal digits, as a chain source writes a block hash; the fast
    /// reader asks the same of a line's bytes.
    static func isHash(_ text: some Collection<UInt8>) -> Bool {
        text.count == 66 && text.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")])
            && text.dropFirst(2).allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    /// A chain's blocks come in order: a marker after the last one, each event in or after the last marker's block.
    /// (A reorg, which goes back, is an event of its own.)
    private func checkBlockOrder(_ event: Event, line: Int) throws(StreamError) {
        if case .reorg(let reorg) = event.payload {
            guard let last = lastBlock, reorg.toBlock == last else {
                let message =
                    lastBlock.map { "a reorg orphans the blocks up to the last one, \($0), not \(reorg.toBlock)" }
                    ?? "a reorg comes after the blocks it orphans"
                throw StreamError(.outOfOrder, line: line, field: "to_block", message: message)
            }
            return
        }
        guard let last = lastBlock, let block = event.provenance?.block else { return }
        if event.kind == .block, block <= last {
            throw StreamError(
                .outOfOrder,
                line: line,
                field: "block",
                message: "block \(block) does not follow block \(last)"
            )
        }
        if block < last {
            throw StreamError(
                .outOfOrder,
                line: line,
                field: "block",
                message: "block \(block) is before block \(last)"
            )
        }
    }

    private static let decimalFields: Set<String> = ["price", "confidence", "amount", "size", "strike", "premium"]

    private static func streamError(_ error: DecodingError, line: Int) -> StreamError {
        switch error {
        case .typeMismatch(let type, let context):
            guard let field = context.codingPath.first?.stringValue else {
                return StreamError(.malformedJSON, line: line, field: nil, message: "a line must be one JSON object")
            }
            if context.debugDescription.hasPrefix("expected") {
                return StreamError(.wrongType, line: line, field: field, message: context.debugDescription)
            }
            let expected =
                switch type {
                case is String.Type where decimalFields.contains(field):
                    "expected a decimal as a JSON string, like \"1.5\" (a JSON number loses precision)"
                case is String.Type: "expected a JSON string"
                case is Int64.Type, is UInt64.Type: "expected an integer"
                default: "expected \(type)"
                }
            return StreamError(.wrongType, line: line, field: field, message: expected)
        case .valueNotFound(_, let context), .keyNotFound(_, let context):
            return StreamError(
                .missingField,
                line: line,
                field: context.codingPath.first?.stringValue,
                message: "missing value"
            )
        case .dataCorrupted(let context):
            if let field = context.codingPath.first?.stringValue {
                return StreamError(.invalidValue, line: line, field: field, message: context.debugDescription)
            }
            return StreamError(
                .malformedJSON,
                line: line,
                field: nil,
                message: "malformed JSON: a line must be one JSON object"
            )
        @unknown default:
            return StreamError(.malformedJSON, line: line, field: nil, message: "malformed JSON")
        }
    }

    /// Resolves the fields of one wire event for its kind.
    private struct Resolver {
        let wire: WireEvent
        let line: Int
        var decoder: ReferenceEventDecoder

        func fail(_ code: StreamError.Code, _ field: String, _ message: String) -> StreamError {
            StreamError(code, line: line, field: field, message: message)
        }

        func required<T>(_ value: T?, _ field: String) throws(StreamError) -> T {
            guard let value else { throw fail(.missingField, field, "missing required field") }
            return value
        }

        func timestamp(_ value: WireTimestamp, _ field: String) throws(StreamError) -> Timestamp {
            switch value {
            case .milliseconds(let ms):
                return Timestamp(milliseconds: ms)
            case .text(let text):
                guard let ms = RFC3339.milliseconds(from: text) else {
                    throw fail(.invalidValue, field, "\"\(text)\" is neither integer milliseconds nor an RFC 3339 time")
                }
                return Timestamp(milliseconds: ms)
            }
        }

        func decimal(_ value: String?, _ field: String) throws(StreamError) -> Wad {
            try optionalDecimal(required(value, field), field)!
        }

        func optionalDecimal(_ value: String?, _ field: String) throws(StreamError) -> Wad? {
            guard let value else { return nil }
            do {
                return try Wad(parsing: value)
            } catch {
                throw fail(.invalidValue, field, error.message)
            }
        }

        func lookup<ID>(
            _ name: String?,
            in table: [String: ID],
            _ field: String,
            _ noun: String
        ) throws(StreamError) -> ID {
            let name = try required(name, field)
            guard let id = table[name] else { throw fail(.unknownName, field, "unknown \(noun) \"\(name)\"") }
            return id
        }

        mutating func account(_ name: String?, _ field: String) throws(StreamError) -> AccountID {
            let name = try required(name, field)
            guard !name.isEmpty else { throw fail(.invalidValue, field, "must not be empty") }
            return decoder.accounts.intern(name)
        }

        mutating func movement() throws(StreamError) -> AssetMovement {
            AssetMovement(
                pool: try lookup(wire.pool, in: decoder.pools, "pool", "pool"),
                account: try account(wire.account, "account"),
                asset: try lookup(wire.asset, in: decoder.assets, "asset", "asset"),
                amount: try decimal(wire.amount, "amount")
            )
        }

        mutating func event() throws(StreamError) -> Event {
            let time = try timestamp(required(wire.ts, "ts"), "ts")
            let kindName = try required(wire.kind, "kind")
            guard let kind = Event.Kind(rawValue: kindName) else {
                let known = Event.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "kind", "unknown kind \"\(kindName)\" (known: \(known))")
            }
            let provenance =
                wire.block != nil || wire.tx != nil || wire.logIndex != nil || wire.blockHash != nil
                ? Event.Provenance(
                    block: wire.block,
                    transaction: wire.tx,
                    logIndex: wire.logIndex,
                    blockHash: wire.blockHash
                ) : nil
            return Event(timestamp: time, provenance: provenance, payload: try payload(kind))
        }

        mutating func payload(_ kind: Event.Kind) throws(StreamError) -> Event.Payload {
            switch kind {
            case .oracle: return .oracle(try oracle())
            case .deposit: return .deposit(try movement())
            case .withdraw: return .withdraw(try movement())
            case .lpAdd: return .lpAdd(try movement())
            case .lpRemove: return .lpRemove(try movement())
            case .trade:
                return .trade(
                    Trade(
                        market: try lookup(wire.market, in: decoder.markets, "market", "market"),
                        account: try account(wire.account, "account"),
                        size: try decimal(wire.size, "size"),
                        limitPrice: try optionalDecimal(wire.price, "price")
                    )
                )
            case .liquidate:
                return .liquidate(
                    Liquidation(
                        account: try account(wire.account, "account"),
                        pool: try lookup(wire.pool, in: decoder.pools, "pool", "pool"),
                        liquidator: try wire.liquidator.map { name throws(StreamError) in
                            try account(name, "liquidator")
                        },
                        market: try wire.market.map { name throws(StreamError) in
                            try lookup(name, in: decoder.markets, "market", "market")
                        }
                    )
                )
            case .funding:
                return .funding(market: try lookup(wire.market, in: decoder.markets, "market", "market"))
            case .tick:
                return .tick
            case .block:
                guard try required(wire.block, "block") >= 0 else {
                    throw fail(.invalidValue, "block", "a block number is not negative")
                }
                guard ReferenceEventDecoder.isHash(try required(wire.blockHash, "block_hash").utf8) else {
                    throw fail(.invalidValue, "block_hash", "expected 0x and 64 lower-case hexadecimal digits")
                }
                return .block
            case .reorg:
                return .reorg(try reorg())
            case .optionWrite:
                return .optionWrite(
                    OptionWrite(
                        series: try series(),
                        account: try account(wire.account, "account"),
                        size: try decimal(wire.size, "size")
                    )
                )
            case .optionBuy:
                return .optionBuy(
                    OptionPurchase(
                        series: try series(),
                        account: try account(wire.account, "account"),
                        seller: try account(wire.seller, "seller"),
                        size: try decimal(wire.size, "size"),
                        premium: try decimal(wire.premium, "premium")
                    )
                )
            case .optionSettle:
                return .optionSettle(
                    OptionSettlement(series: try series(), account: try account(wire.account, "account"))
                )
            case .optionExpire:
                return .optionExpire(try series())
            case .governance:
                return .governance(try governance())
            case .signedAction:
                return .signedAction(try signedAction())
            case .vote:
                return .vote(try vote())
            case .queue:
                return .queue(proposal: try required(wire.proposal, "proposal"))
            case .execute:
                return .execute(proposal: try required(wire.proposal, "proposal"))
            case .note:
                return .note(try note())
            case .transfer:
                return .transfer(
                    PoolTransfer(
                        account: try account(wire.account, "account"),
                        asset: try lookup(wire.asset, in: decoder.assets, "asset", "asset"),
                        amount: try decimal(wire.amount, "amount"),
                        fromPool: try lookup(wire.fromPool, in: decoder.pools, "from_pool", "pool"),
                        toPool: try lookup(wire.toPool, in: decoder.pools, "to_pool", "pool")
                    )
                )
            }
        }

        /// A governance action names exactly what it acts on: `unpause` a pool (none: the protocol), `resume` a
        /// market, `unfreeze` an account, `reset_feed` a feed.
        mutating func governance() throws(StreamError) -> GovernanceAction {
            let name = try required(wire.action, "action")
            guard let kind = GovernanceAction.Kind(rawValue: name) else {
                let known = GovernanceAction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "action", "unknown governance action \"\(name)\" (known: \(known))")
            }
            var action = GovernanceAction(kind: kind)
            switch kind {
            case .unpause:
                action.pool = try wire.pool.map { name throws(StreamError) in
                    try lookup(name, in: decoder.pools, "pool", "pool")
                }
            case .resume:
                action.market = try lookup(wire.market, in: decoder.markets, "market", "market")
            case .unfreeze:
                action.account = try account(wire.account, "account")
            case .resetFeed:
                action.feed = try lookup(wire.feed, in: decoder.feeds, "feed", "feed")
            }
            return action
        }

        /// A signed action keeps the names it was signed with; its account is bound like any other, and its pool,
        /// market and module are checked by the engine, which refuses an unknown one with a recorded rejection.
        mutating func signedAction() throws(StreamError) -> SignedActionEvent {
            let roleName = try required(wire.role, "role")
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "role", "unknown role \"\(roleName)\" (known: \(known))")
            }
            let actionName = try required(wire.action, "action")
            guard let kind = GovernedAction.Kind(rawValue: actionName) else {
                let known = GovernedAction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "action", "unknown governed action \"\(actionName)\" (known: \(known))")
            }
            var signatures: [SignedAction.Signature] = []
            for (index, wireSignature) in try required(wire.signatures, "signatures").enumerated() {
                let field = "signatures[\(index)]"
                signatures.append(
                    SignedAction.Signature(
                        publicKey: try publicKey(wireSignature.key, "\(field).key"),
                        signature: try signature(wireSignature.signature, "\(field).signature")
                    )
                )
            }
            let signed = SignedAction(
                domain: try required(wire.domain, "domain"),
                role: role,
                action: GovernedAction(
                    kind: kind,
                    scope: .init(pool: wire.pool, market: wire.market, account: wire.account, module: wire.module),
                    parameters: wire.parameters ?? [:]
                ),
                nonce: try required(wire.nonce, "nonce"),
                expiresAt: try timestamp(required(wire.expiresAt, "expires_at"), "expires_at").milliseconds,
                signatures: signatures
            )
            return SignedActionEvent(
                signed: signed,
                account: try wire.account.map { name throws(StreamError) in try account(name, "account") }
            )
        }

        /// A note names its author; an acknowledgement names its incident; text and names are bounded.
        func note() throws(StreamError) -> Note {
            let actionName = try required(wire.action, "action")
            guard let action = Note.Action(rawValue: actionName) else {
                let known = Note.Action.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "action", "unknown note action \"\(actionName)\" (known: \(known))")
            }
            let author = try required(wire.by, "by")
            guard !author.isEmpty, author.utf8.count <= Note.maximumAuthorBytes else {
                throw fail(.invalidValue, "by", "a name of 1 to \(Note.maximumAuthorBytes) bytes")
            }
            guard action != .acknowledge || wire.incident != nil else {
                throw fail(.missingField, "incident", "an acknowledgement names its incident")
            }
            let text = wire.text ?? ""
            guard text.utf8.count <= Note.maximumTextBytes else {
                throw fail(.invalidValue, "text", "longer than \(Note.maximumTextBytes) bytes")
            }
            return Note(action: action, author: author, incident: wire.incident, text: text)
        }

        func vote() throws(StreamError) -> SignedVote {
            let supportName = try required(wire.support, "support")
            guard let support = SignedVote.Support(rawValue: supportName) else {
                let known = SignedVote.Support.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "support", "unknown support \"\(supportName)\" (known: \(known))")
            }
            return SignedVote(
                domain: try required(wire.domain, "domain"),
                proposal: try required(wire.proposal, "proposal"),
                support: support,
                voter: try publicKey(wire.key, "key"),
                signature: try signature(wire.signature, "signature")
            )
        }

        func publicKey(_ text: String?, _ field: String) throws(StreamError) -> [UInt8] {
            guard let key = PublicKeyText.key(try required(text, field)) else {
                throw fail(.invalidValue, field, "not a public key: expected ed25519: and 64 hexadecimal digits")
            }
            return key
        }

        func signature(_ text: String?, _ field: String) throws(StreamError) -> [UInt8] {
            guard let bytes = Hex.decode(try required(text, field)), bytes.count == 64 else {
                throw fail(.invalidValue, field, "not a signature: expected 128 hexadecimal digits")
            }
            return bytes
        }

        /// A reorg's range and ancestor: the orphaned blocks start at the ancestor's child.
        func reorg() throws(StreamError) -> Reorg {
            let ancestor = try required(wire.ancestorBlock, "ancestor_block")
            guard ancestor >= 0 else { throw fail(.invalidValue, "ancestor_block", "a block number is not negative") }
            let hash = try required(wire.ancestorHash, "ancestor_hash")
            guard ReferenceEventDecoder.isHash(hash.utf8) else {
                throw fail(.invalidValue, "ancestor_hash", "expected 0x and 64 lower-case hexadecimal digits")
            }
            let from = try required(wire.fromBlock, "from_block")
            guard from > 0, from - 1 == ancestor else {
                throw fail(.invalidValue, "from_block", "the first orphaned block is the ancestor's child")
            }
            let to = try required(wire.toBlock, "to_block")
            guard to >= from else {
                throw fail(.invalidValue, "to_block", "the orphaned blocks end at or after from_block")
            }
            return Reorg(fromBlock: from, toBlock: to, ancestorBlock: ancestor, ancestorHash: hash)
        }

        func series() throws(StreamError) -> OptionSeries {
            let market = try lookup(wire.market, in: decoder.optionMarkets, "market", "option market")
            let typeName = try required(wire.optionType, "option_type")
            guard let type = OptionType(rawValue: typeName) else {
                let known = OptionType.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.unknownName, "option_type", "unknown option type \"\(typeName)\" (known: \(known))")
            }
            return OptionSeries(
                market: market,
                type: type,
                strike: try decimal(wire.strike, "strike"),
                expiry: try timestamp(required(wire.expiry, "expiry"), "expiry")
            )
        }

        func oracle() throws(StreamError) -> OracleUpdate {
            let feed = try lookup(wire.feed, in: decoder.feeds, "feed", "feed")
            let feedAsset = decoder.config.feed(feed).asset
            let asset: AssetID
            if let name = wire.asset {
                asset = try lookup(name, in: decoder.assets, "asset", "asset")
            } else if let name = wire.market {
                asset = decoder.config.market(try lookup(name, in: decoder.markets, "market", "market")).underlying
            } else {
                throw fail(.missingField, "asset", "missing required field (or give market)")
            }
            guard asset == feedAsset else {
                throw fail(
                    .invalidValue,
                    wire.asset == nil ? "market" : "asset",
                    "feed \(wire.feed ?? "") prices \(decoder.config.asset(feedAsset).name), not \(decoder.config.asset(asset).name)"
                )
            }
            return OracleUpdate(
                feed: feed,
                asset: asset,
                price: try decimal(wire.price, "price"),
                confidence: try optionalDecimal(wire.confidence, "confidence"),
                publishTime: try wire.publishTs.map { value throws(StreamError) in try timestamp(value, "publish_ts") }
            )
        }
    }
}
