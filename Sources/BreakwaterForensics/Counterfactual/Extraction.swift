public import BreakwaterCore
import BreakwaterFormats
import BreakwaterPipeline

/// What one account took out of the protocol beyond what it put in, valued in the quote unit.
public struct Extraction: Sendable, Hashable {
    public var account: String
    /// Withdrawn minus deposited (LP removals and additions included) over all assets, each at its price; negative
    /// when the account put in more than it took out. Assets without a price are left out.
    public var value: Wad

    /// The extractions of `accounts` in a replay, largest first, valued with `price` (the quote-unit price of an
    /// asset, `nil` when there is none). A value too large to represent saturates, as the flow totals do.
    static func measure(_ accounts: [String], in replay: Replay, price: (AssetID) -> Wad?) -> [Extraction] {
        let wanted = Set(accounts)
        var values: [String: Wad] = Dictionary(uniqueKeysWithValues: wanted.map { ($0, Wad.zero) })
        for (account, asset, totals) in replay.flows.byAccount {
            let name = replay.decoder.accounts.name(of: account)
            guard wanted.contains(name), let price = price(asset) else { continue }
            let net = saturating { try totals.withdrawn.subtracting(totals.deposited) }
            let value = saturating { try net.multiplied(by: price, rounding: Rounding.down) }
            values[name] = saturating { try values[name, default: .zero].adding(value) }
        }
        return values.map { Extraction(account: $0.key, value: $0.value) }
            .sorted { ($0.value, $1.account) > ($1.value, $0.account) }
    }

    /// The loss the extractions add up to: what the accounts that took out more than they put in took.
    static func loss(_ extractions: [Extraction]) -> Wad {
        extractions.reduce(Wad.zero) { total, extraction in
            extraction.value.isPositive ? saturating { try total.adding(extraction.value) } : total
        }
    }

    private static func saturating(_ operation: () throws -> Wad) -> Wad {
        (try? operation()) ?? Wad(raw: .max)
    }
}
