import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// One event in words, with the config's names: `withdraw 3000000 USDC from alts`.
enum EventSummary {
    static func describe(_ event: Event, config: ProtocolConfig, accounts: AccountDirectory) -> String {
        func name(_ account: AccountID) -> String { accounts.name(of: account) }
        switch event.payload {
        case .oracle(let update):
            return "feed \(config.feed(update.feed).name) reports \(config.asset(update.asset).name) at \(update.price)"
        case .deposit(let m), .lpAdd(let m):
            return
                "\(event.kind.rawValue) \(name(m.account)): \(m.amount) \(config.asset(m.asset).name) into \(config.pool(m.pool).name)"
        case .withdraw(let m), .lpRemove(let m):
            return
                "\(event.kind.rawValue) \(name(m.account)): \(m.amount) \(config.asset(m.asset).name) out of \(config.pool(m.pool).name)"
        case .transfer(let t):
            return
                "transfer \(name(t.account)): \(t.amount) \(config.asset(t.asset).name) from \(config.pool(t.fromPool).name) to \(config.pool(t.toPool).name)"
        case .trade(let t):
            let side = t.size.isNegative ? "sell" : "buy"
            let size = (try? t.size.magnitude()) ?? t.size
            return "trade \(name(t.account)): \(side) \(size) \(config.market(t.market).name)"
        case .liquidate(let l):
            return "liquidate \(name(l.account)) in \(config.pool(l.pool).name)"
                + (l.liquidator.map { " by \(name($0))" } ?? "")
        case .funding(let market):
            return "funding \(config.market(market).name)"
        case .tick:
            return "tick"
        case .block:
            return "block"
        case .reorg(let reorg):
            return "reorg: blocks \(reorg.fromBlock) to \(reorg.toBlock) orphaned, back to block \(reorg.ancestorBlock)"
        case .optionWrite(let w):
            return "option_write \(name(w.account)): \(w.size) of \(config.optionMarket(w.series.market).name)"
        case .optionBuy(let b):
            return "option_buy \(name(b.account)): \(b.size) of \(config.optionMarket(b.series.market).name)"
        case .optionSettle(let s):
            return "option_settle \(name(s.account)) on \(config.optionMarket(s.series.market).name)"
        case .optionExpire(let series):
            return "option_expire \(config.optionMarket(series.market).name)"
        case .governance(let action):
            return "governance \(action.kind.rawValue)"
        case .signedAction(let event):
            let signed = event.signed
            let scope = [
                signed.action.scope.pool, signed.action.scope.market, signed.action.scope.account,
                signed.action.scope.module,
            ]
            .compactMap(\.self)
            let place = scope.isEmpty ? "" : " " + scope.joined(separator: "/")
            return
                "signed_action \(signed.role.rawValue) \(signed.action.kind.rawValue)\(place), \(signed.signatures.count) signatures"
        case .vote(let vote):
            return "vote \(vote.support.rawValue) on proposal \(vote.proposal)"
        case .queue(let proposal):
            return "queue proposal \(proposal)"
        case .execute(let proposal):
            return "execute proposal \(proposal)"
        case .note(let note):
            let about = note.incident.map { " on \($0)" } ?? ""
            return "\(note.author): \(note.action.rawValue)\(about)\(note.text.isEmpty ? "" : ": \(note.text)")"
        }
    }

    /// The pool an event moves funds or risk in, if it is about one.
    static func pool(of event: Event, config: ProtocolConfig) -> PoolID? {
        switch event.payload {
        case .deposit(let m), .withdraw(let m), .lpAdd(let m), .lpRemove(let m): m.pool
        case .transfer(let t): t.fromPool
        case .trade(let t): config.market(t.market).pool
        case .liquidate(let l): l.pool
        case .funding(let market): config.market(market).pool
        case .optionWrite(let w): config.optionMarket(w.series.market).pool
        case .optionBuy(let b): config.optionMarket(b.series.market).pool
        case .optionSettle(let s): config.optionMarket(s.series.market).pool
        case .optionExpire(let series): config.optionMarket(series.market).pool
        case .governance(let action): action.pool
        case .signedAction(let event): event.signed.action.scope.pool.flatMap(config.poolID(named:))
        case .oracle, .tick, .block, .reorg, .vote, .queue, .execute, .note: nil
        }
    }
}
