/// One input to the engine, with names already resolved against the protocol config.
///
/// Events are copied at every stage, so the rare parts live behind references: provenance in a box, the larger
/// option payloads as indirect cases.
public struct Event: Sendable, Hashable {
    /// Event time; never decreases along a stream, but at a chain's ``Reorg``, which goes back to its ancestor's.
    public var timestamp: Timestamp
    /// What happened.
    public var payload: Payload
    @usableFromInline var provenanceBox: ProvenanceBox?

    @inlinable
    public init(timestamp: Timestamp, provenance: Provenance? = nil, payload: Payload) {
        self.timestamp = timestamp
        self.payload = payload
        provenanceBox = provenance.map(ProvenanceBox.init)
    }

    /// Whether the event says where it came from on chain: a check that costs nothing, unlike reading it.
    @inlinable public var hasProvenance: Bool { provenanceBox != nil }

    /// Where the event came from on chain, when known.
    public var provenance: Provenance? {
        get { provenanceBox?.value }
        set { provenanceBox = newValue.map(ProvenanceBox.init) }
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.payload == rhs.payload && lhs.provenance == rhs.provenance
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(payload)
        hasher.combine(provenance)
    }

    @usableFromInline
    final class ProvenanceBox: Sendable {
        let value: Provenance
        @usableFromInline init(_ value: Provenance) { self.value = value }
    }

    /// Optional on-chain origin of an event.
    public struct Provenance: Sendable, Hashable {
        public var block: Int64?
        public var transaction: String?
        public var logIndex: Int64?
        /// The hash of the block, `0x` and 64 lower-case hexadecimal digits: what tells a block from its reorged
        /// sibling of the same number.
        public var blockHash: String?

        public init(block: Int64? = nil, transaction: String? = nil, logIndex: Int64? = nil, blockHash: String? = nil) {
            self.block = block
            self.transaction = transaction
            self.logIndex = logIndex
            self.blockHash = blockHash
        }
    }

    /// The kinds of events and their fields.
    public enum Payload: Sendable, Hashable {
        case oracle(OracleUpdate)
        case deposit(AssetMovement)
        case withdraw(AssetMovement)
        case lpAdd(AssetMovement)
        case lpRemove(AssetMovement)
        case transfer(PoolTransfer)
        case trade(Trade)
        case liquidate(Liquidation)
        case funding(market: MarketID)
        case tick
        /// A chain's block, with or without logs: its number and hash are the provenance's, its time the event's.
        case block
        /// The chain reorganised: the engine goes back to its state at the common ancestor.
        indirect case reorg(Reorg)
        indirect case optionWrite(OptionWrite)
        indirect case optionBuy(OptionPurchase)
        indirect case optionSettle(OptionSettlement)
        /// Fixes a series' settlement price at or after its expiry.
        indirect case optionExpire(OptionSeries)
        indirect case governance(GovernanceAction)
        /// A guardian, operator or DAO action with its signatures, checked by the engine's governance.
        indirect case signedAction(SignedActionEvent)
        indirect case vote(SignedVote)
        /// Queues a DAO proposal whose vote passed: its timelock starts.
        case queue(proposal: UInt64)
        /// Executes a queued proposal once its timelock is over.
        case execute(proposal: UInt64)
        /// An operator's or the service's note, journaled with the rest.
        indirect case note(Note)
    }

    /// The `kind` name used in the stream.
    public var kind: Kind { payload.kind }

    /// The stream names of event kinds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case oracle, deposit, withdraw, trade, liquidate, funding, tick, transfer
        case lpAdd = "lp_add"
        case lpRemove = "lp_remove"
        case optionWrite = "option_write"
        case optionBuy = "option_buy"
        case optionSettle = "option_settle"
        case optionExpire = "option_expire"
        case governance
        case signedAction = "signed_action"
        case vote, queue, execute, note, block, reorg
    }
}

extension Event.Payload {
    public var kind: Event.Kind {
        switch self {
        case .oracle: .oracle
        case .deposit: .deposit
        case .withdraw: .withdraw
        case .lpAdd: .lpAdd
        case .lpRemove: .lpRemove
        case .transfer: .transfer
        case .trade: .trade
        case .liquidate: .liquidate
        case .funding: .funding
        case .tick: .tick
        case .block: .block
        case .reorg: .reorg
        case .optionWrite: .optionWrite
        case .optionBuy: .optionBuy
        case .optionSettle: .optionSettle
        case .optionExpire: .optionExpire
        case .governance: .governance
        case .signedAction: .signedAction
        case .vote: .vote
        case .queue: .queue
        case .execute: .execute
        case .note: .note
        }
    }

    /// The account the event acts for, if any.
    public var account: AccountID? {
        switch self {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): m.account
        case .transfer(let t): t.account
        case .trade(let t): t.account
        case .liquidate(let l): l.account
        case .optionWrite(let w): w.account
        case .optionBuy(let b): b.account
        case .optionSettle(let s): s.account
        case .oracle, .funding, .tick, .block, .reorg, .optionExpire, .governance, .signedAction, .vote, .queue,
            .execute, .note:
            nil
        }
    }
}

/// A price report from one feed.
public struct OracleUpdate: Sendable, Hashable {
    public var feed: FeedID
    public var asset: AssetID
    public var price: Wad
    public var confidence: Wad?
    /// The feed's own time for this price; staleness uses it when present.
    public var publishTime: Timestamp?

    @inlinable
    public init(feed: FeedID, asset: AssetID, price: Wad, confidence: Wad? = nil, publishTime: Timestamp? = nil) {
        self.feed = feed
        self.asset = asset
        self.price = price
        self.confidence = confidence
        self.publishTime = publishTime
    }
}

/// Tokens moving between an account and a pool: deposit, withdraw, LP add and LP remove.
public struct AssetMovement: Sendable, Hashable {
    public var pool: PoolID
    public var account: AccountID
    public var asset: AssetID
    public var amount: Wad

    @inlinable
    public init(pool: PoolID, account: AccountID, asset: AssetID, amount: Wad) {
        self.pool = pool
        self.account = account
        self.asset = asset
        self.amount = amount
    }
}

/// The only way funds cross compartments: an account moves collateral from one pool to another.
public struct PoolTransfer: Sendable, Hashable {
    public var account: AccountID
    public var asset: AssetID
    public var amount: Wad
    public var fromPool: PoolID
    public var toPool: PoolID

    @inlinable
    public init(account: AccountID, asset: AssetID, amount: Wad, fromPool: PoolID, toPool: PoolID) {
        self.account = account
        self.asset = asset
        self.amount = amount
        self.fromPool = fromPool
        self.toPool = toPool
    }
}

/// A perpetual trade against the pool: positive size buys (long), negative sells (short).
public struct Trade: Sendable, Hashable {
    public var market: MarketID
    public var account: AccountID
    public var size: Wad
    /// The worst acceptable price: a maximum for buys, a minimum for sells.
    public var limitPrice: Wad?

    @inlinable
    public init(market: MarketID, account: AccountID, size: Wad, limitPrice: Wad? = nil) {
        self.market = market
        self.account = account
        self.size = size
        self.limitPrice = limitPrice
    }
}

/// A request to liquidate an account in a pool, optionally only one market's position.
public struct Liquidation: Sendable, Hashable {
    public var account: AccountID
    public var pool: PoolID
    public var liquidator: AccountID?
    public var market: MarketID?

    @inlinable
    public init(account: AccountID, pool: PoolID, liquidator: AccountID? = nil, market: MarketID? = nil) {
        self.account = account
        self.pool = pool
        self.liquidator = liquidator
        self.market = market
    }
}
