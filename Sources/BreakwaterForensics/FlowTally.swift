import BreakwaterCore

/// Running totals of funds moving in and out, per pool and per account, accepted and refused.
struct FlowTally {
    struct Totals {
        var total = Wad.zero
        var blocked = Wad.zero
    }

    struct AccountTotals {
        var deposited = Wad.zero
        var withdrawn = Wad.zero
        var blocked = Wad.zero
    }

    var byPool: [PoolID: [AssetID: Totals]] = [:]
    var byAccount: [AccountID: [AssetID: AccountTotals]] = [:]

    /// Adds an event's flows; amounts too large to add saturate the tally rather than trap.
    mutating func record(_ payload: Event.Payload, accepted: Bool) {
        switch payload {
        case .deposit(let m), .lpAdd(let m):
            if accepted { Self.add(m.amount, to: &byAccount[m.account, default: [:]][m.asset, default: .init()].deposited) }
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
        if accepted {
            Self.add(amount, to: &byPool[pool, default: [:]][asset, default: .init()].total)
            if external { Self.add(amount, to: &byAccount[account, default: [:]][asset, default: .init()].withdrawn) }
        } else {
            Self.add(amount, to: &byPool[pool, default: [:]][asset, default: .init()].blocked)
            Self.add(amount, to: &byAccount[account, default: [:]][asset, default: .init()].blocked)
        }
    }

    /// Static, so adding into one of the tally's own dictionaries does not copy the tally (and the dictionary).
    private static func add(_ amount: Wad, to total: inout Wad) {
        total = (try? total.adding(amount)) ?? Wad(raw: .max)
    }
}
