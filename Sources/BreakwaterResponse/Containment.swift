public import BreakwaterCore

/// What the automated responses and governance have restricted, and until when: market reduce-only and halts,
/// liquidation grace after a halt, frozen accounts, pool pauses and the protocol pause.
///
/// The automation sets restrictions with an end time and lifts them itself when they end; pauses have none, and
/// only ``unpause(_:)`` (a governance event) lifts them.
public struct Containment: Sendable, Hashable, Codable {
    /// A market's restrictions from the response table (the price band keeps its own).
    public struct MarketRestriction: Sendable, Hashable, Codable {
        public var reduceOnlyUntil: Timestamp?
        public var haltedUntil: Timestamp?
        /// Liquidations of positions in the market wait until then.
        public var graceUntil: Timestamp?
    }

    /// A pause and what it stops.
    public struct Pause: Sendable, Hashable, Codable {
        public var since: Timestamp
        /// Whether withdrawals, LP removals and transfers out stop too; entries always do.
        public var blocksExits: Bool
        public var reason: String
        /// Who paused: the automation, the guardians or the DAO.
        public var setBy: Action.Actor
        /// When a guardian pause ends unless the DAO confirms it; `nil` for a pause only governance lifts.
        public var expiresAt: Timestamp?

        public init(
            since: Timestamp,
            blocksExits: Bool,
            reason: String,
            setBy: Action.Actor = .auto,
            expiresAt: Timestamp? = nil
        ) {
            self.since = since
            self.blocksExits = blocksExits
            self.reason = reason
            self.setBy = setBy
            self.expiresAt = expiresAt
        }
    }

    /// What ended on its own as time passed.
    public enum Expiry: Sendable, Hashable {
        case marketRestriction(MarketID, RestrictionKind)
        case freeze(AccountID)
        /// A guardian pause of a pool, or of the protocol (`nil`), that the DAO did not confirm.
        case pause(PoolID?)
    }

    public enum RestrictionKind: Sendable, Hashable {
        case reduceOnly, halt
    }

    public private(set) var markets: [MarketRestriction]
    public private(set) var poolPauses: [Pause?]
    public private(set) var protocolPause: Pause?
    /// Whether any pause is in force: the check every entry makes first.
    public private(set) var isAnythingPaused = false
    /// Frozen accounts and when each thaws.
    public private(set) var frozen: [AccountID: Timestamp] = [:]
    /// The earliest end of a restriction, a grace period or a freeze: nothing changes with time before it.
    public private(set) var nextExpiry = Timestamp(milliseconds: .max)

    public init(marketCount: Int, poolCount: Int) {
        markets = Array(repeating: MarketRestriction(), count: marketCount)
        poolPauses = Array(repeating: nil, count: poolCount)
    }

    // MARK: Queries

    /// The pause in force on a pool: its own or the protocol's (exits stop if either stops them).
    public func pause(of pool: PoolID) -> Pause? {
        guard isAnythingPaused else { return nil }
        switch (poolPauses[Int(pool.index)], protocolPause) {
        case (nil, nil): return nil
        case (let own?, nil): return own
        case (nil, let global?): return global
        case (var own?, let global?):
            own.blocksExits = own.blocksExits || global.blocksExits
            return own
        }
    }

    public func isHalted(_ market: MarketID) -> Bool { markets[Int(market.index)].haltedUntil != nil }
    public func isReduceOnly(_ market: MarketID) -> Bool { markets[Int(market.index)].reduceOnlyUntil != nil }
    public func isInGrace(_ market: MarketID) -> Bool { markets[Int(market.index)].graceUntil != nil }
    public func isFrozen(_ account: AccountID) -> Bool { !frozen.isEmpty && frozen[account] != nil }

    // MARK: Tightening

    /// Puts a market in reduce-only or halts it until `until`, extending a restriction already in force; returns
    /// `true` when the restriction is new.
    public mutating func restrict(_ market: MarketID, _ kind: RestrictionKind, until: Timestamp) -> Bool {
        let index = Int(market.index)
        let current = kind == .halt ? markets[index].haltedUntil : markets[index].reduceOnlyUntil
        let end = current.map { Swift.max($0, until) } ?? until
        switch kind {
        case .halt: markets[index].haltedUntil = end
        case .reduceOnly: markets[index].reduceOnlyUntil = end
        }
        nextExpiry = Swift.min(nextExpiry, end)
        return current == nil
    }

    /// Freezes an account's exits until `until`; returns `true` when it was not frozen.
    public mutating func freeze(_ account: AccountID, until: Timestamp) -> Bool {
        let current = frozen[account]
        let end = current.map { Swift.max($0, until) } ?? until
        frozen[account] = end
        nextExpiry = Swift.min(nextExpiry, end)
        return current == nil
    }

    /// Pauses a pool, or the protocol when `pool` is `nil`; returns `true` when it was not paused. A second pause
    /// that stops exits makes the pause in force stop them too.
    public mutating func pause(_ pool: PoolID?, _ pause: Pause) -> Bool {
        let current = pool.map { poolPauses[Int($0.index)] } ?? protocolPause
        var next = current ?? pause
        next.blocksExits = next.blocksExits || pause.blocksExits
        // A pause only governance lifts, on top of one that expires, makes the pause last.
        if let current, let held = current.expiresAt, let added = pause.expiresAt {
            next.expiresAt = Swift.max(held, added)
        } else if current != nil {
            next.expiresAt = nil
        }
        if let pool { poolPauses[Int(pool.index)] = next } else { protocolPause = next }
        isAnythingPaused = true
        if let end = next.expiresAt { nextExpiry = Swift.min(nextExpiry, end) }
        return current == nil
    }

    /// Makes the pause in force on a pool, or the protocol, last until governance lifts it; returns `false` when
    /// there is no pause with an expiry.
    public mutating func confirmPause(_ pool: PoolID?) -> Bool {
        guard var pause = pool.map({ poolPauses[Int($0.index)] }) ?? protocolPause, pause.expiresAt != nil else {
            return false
        }
        pause.expiresAt = nil
        if let pool { poolPauses[Int(pool.index)] = pause } else { protocolPause = pause }
        return true
    }

    /// The pause of a pool itself, or the protocol's (`nil`), without the other.
    public func ownPause(of pool: PoolID?) -> Pause? {
        pool.map { poolPauses[Int($0.index)] } ?? protocolPause
    }

    /// Starts a market's liquidation grace period.
    public mutating func startGrace(_ market: MarketID, until: Timestamp) {
        markets[Int(market.index)].graceUntil = until
        nextExpiry = Swift.min(nextExpiry, until)
    }

    // MARK: Loosening

    /// Lifts a pool's pause, or the protocol's; returns `false` when there was none (unpausing twice is an error).
    public mutating func unpause(_ pool: PoolID?) -> Bool {
        defer { isAnythingPaused = protocolPause != nil || poolPauses.contains { $0 != nil } }
        if let pool {
            defer { poolPauses[Int(pool.index)] = nil }
            return poolPauses[Int(pool.index)] != nil
        }
        defer { protocolPause = nil }
        return protocolPause != nil
    }

    /// Lifts a market's reduce-only and halt; returns what was lifted.
    public mutating func lift(_ market: MarketID) -> [RestrictionKind] {
        let index = Int(market.index)
        var lifted: [RestrictionKind] = []
        if markets[index].haltedUntil != nil { lifted.append(.halt) }
        if markets[index].reduceOnlyUntil != nil { lifted.append(.reduceOnly) }
        markets[index].haltedUntil = nil
        markets[index].reduceOnlyUntil = nil
        return lifted
    }

    /// Thaws an account; returns `false` when it was not frozen.
    public mutating func unfreeze(_ account: AccountID) -> Bool { frozen.removeValue(forKey: account) != nil }

    /// Ends what ran out by `now` (strictly after its end time) and returns it; grace periods end silently.
    public mutating func expire(at now: Timestamp) -> [Expiry] {
        guard now > nextExpiry else { return [] }
        var ended: [Expiry] = []
        var next = Timestamp(milliseconds: .max)
        for index in markets.indices {
            let market = MarketID(index)
            if let end = markets[index].haltedUntil {
                if now > end {
                    markets[index].haltedUntil = nil
                    ended.append(.marketRestriction(market, .halt))
                } else {
                    next = Swift.min(next, end)
                }
            }
            if let end = markets[index].reduceOnlyUntil {
                if now > end {
                    markets[index].reduceOnlyUntil = nil
                    ended.append(.marketRestriction(market, .reduceOnly))
                } else {
                    next = Swift.min(next, end)
                }
            }
            if let end = markets[index].graceUntil {
                if now > end { markets[index].graceUntil = nil } else { next = Swift.min(next, end) }
            }
        }
        for pool in [nil] + poolPauses.indices.map({ PoolID($0) }) {
            guard let end = ownPause(of: pool)?.expiresAt else { continue }
            if now > end {
                _ = unpause(pool)
                ended.append(.pause(pool))
            } else {
                next = Swift.min(next, end)
            }
        }
        for (account, end) in frozen.sorted(by: { $0.key.index < $1.key.index }) {
            if now > end {
                frozen[account] = nil
                ended.append(.freeze(account))
            } else {
                next = Swift.min(next, end)
            }
        }
        nextExpiry = next
        return ended
    }
}
