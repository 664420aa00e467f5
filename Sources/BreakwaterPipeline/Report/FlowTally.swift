public import BreakwaterCore

/// Running totals of funds moving in and out, per pool and per account, accepted and refused.
///
/// Pools, assets and accounts are small dense ids, so the totals live in arrays indexed by them; an account's row is
/// added when it first moves funds. A total only grows, so the pools and accounts with flows are those whose totals
/// are not all zero.
public struct FlowTally: Codable, Sendable {
    public struct Totals: Codable, Sendable {
        public var total = Wad.zero
        public var blocked = Wad.zero

        public var isZero: Bool { total.isZero && blocked.isZero }
    }

    public struct AccountTotals: Codable, Sendable {
        public var deposited = Wad.zero
        public var withdrawn = Wad.zero
        public var blocked = Wad.zero

        public var isZero: Bool { deposited.isZero && withdrawn.isZero && blocked.isZero }
    }

    private let assetCount: Int
    /// Per pool, per asset.
    private var pools: [[Totals]]
    /// Per account id, per asset.
    private var accounts: [[AccountTotals]] = []

    init(pools: Int, assets: Int) {
        assetCount = assets
        self.pools = Array(repeating: Array(repeating: Totals(), count: assets), count: pools)
    }

    /// The pools and assets with flows.
    public var byPool: [(pool: PoolID, asset: AssetID, totals: Totals)] {
        pools.indices.flatMap { pool in
            pools[pool].indices.filter { !pools[pool][$0].isZero }.map { (PoolID(pool), AssetID($0), pools[pool][$0]) }
        }
    }

    /// What left `pool` so far and what was kept from leaving, asset by asset.
    public func outflows(of pool: PoolID) -> [Totals] { pools[Int(pool.index)] }

    /// The accounts and assets with flows.
    public var byAccount: [(account: AccountID, asset: AssetID, totals: AccountTotals)] {
        accounts.indices.flatMap { account in
            accounts[account].indices.filter { !accounts[account][$0].isZero }
                .map { (AccountID(account), AssetID($0), accounts[account][$0]) }
        }
    }

    /// Adds an event's flows; amounts too large to add saturate the tally rather than trap.
    mutating func record(_ payload: Event.Payload, accepted: Bool) {
        switch payload {
        case .deposit(let m), .lpAdd(let m):
            guard accepted else { return }
            reserveRow(for: m.account)
            Self.add(m.amount, to: &accounts[Int(m.account.index)][Int(m.asset.index)].deposited)
        case .withdraw(let m), .lpRemove(let m):
            outflow(m.amount, asset: m.asset, pool: m.pool, account: m.account, accepted: accepted, external: true)
        case .transfer(let t):
            outflow(t.amount, asset: t.asset, pool: t.fromPool, account: t.account, accepted: accepted, external: false)
        default:
            break
        }
    }

    private mutating func outflow(
        _ amount: Wad,
        asset: AssetID,
        pool: PoolID,
        account: AccountID,
        accepted: Bool,
        external: Bool
    ) {
        guard amount.isPositive else { return }
        let (pool, asset, row) = (Int(pool.index), Int(asset.index), Int(account.index))
        reserveRow(for: account)
        if accepted {
            Self.add(amount, to: &pools[pool][asset].total)
            if external { Self.add(amount, to: &accounts[row][asset].withdrawn) }
        } else {
            Self.add(amount, to: &pools[pool][asset].blocked)
            Self.add(amount, to: &accounts[row][asset].blocked)
        }
    }

    /// Makes sure the account has a row of totals. (A negative id, which the ledger refuses, would trap here: the
    /// replay feeds only interned ids.)
    private mutating func reserveRow(for account: AccountID) {
        let needed = Int(account.index) + 1 - accounts.count
        if needed > 0 {
            accounts.append(
                contentsOf: repeatElement(Array(repeating: AccountTotals(), count: assetCount), count: needed)
            )
        }
    }

    /// Static, so adding into one of the tally's own arrays does not copy the tally.
    private static func add(_ amount: Wad, to total: inout Wad) {
        total = (try? total.adding(amount)) ?? Wad(raw: .max)
    }
}
