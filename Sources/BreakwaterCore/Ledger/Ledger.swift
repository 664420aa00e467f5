/// The embedded reference protocol: a cross-margined ledger of perpetuals and European options inside isolated
/// pools.
///
/// `Ledger` is a pure state machine. ``apply(_:at:prices:)`` either applies an event and returns its effects or
/// refuses it with a ``Rejection`` and leaves every balance untouched. Prices come from the caller (the engine's
/// oracle guard), never from inside.
public struct Ledger: Sendable, Codable {
    public let config: ProtocolConfig
    public internal(set) var pools: [PoolState]
    /// Tokens that entered the protocol from outside, per asset.
    public internal(set) var externalInflow: [Wad]
    /// Tokens that left the protocol, per asset.
    public internal(set) var externalOutflow: [Wad]

    public init(config: ProtocolConfig) {
        self.config = config
        pools = config.poolIDs.map { PoolState(id: $0, config: config) }
        externalInflow = Array(repeating: .zero, count: config.assets.count)
        externalOutflow = Array(repeating: .zero, count: config.assets.count)
    }

    public func pool(_ id: PoolID) -> PoolState { pools[Int(id.index)] }

    /// Applies one event's payload.
    ///
    /// `checks` are the safety rules it runs: all of them, unless a known-vulnerable withdrawal module skips the
    /// account's health (so it may borrow without collateral), or an observer applies a mined fact that broke one.
    ///
    /// - Returns: the effects, or the reason the event was refused; a refused event changes nothing.
    public mutating func apply(
        _ payload: Event.Payload,
        at time: Timestamp,
        prices: PriceBook,
        checks: LedgerChecks = .all
    ) -> LedgerOutcome {
        if let account = Self.negativeAccount(in: payload) {
            return .rejected(Rejection(.invalidAccount, "account id \(account.index) is negative"))
        }
        do {
            switch payload {
            case .oracle, .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note:
                return .applied(LedgerEffects())
            case .deposit(let movement):
                return .applied(try deposit(movement))
            case .withdraw(let movement):
                return .applied(try withdraw(movement, prices: prices, checks: checks))
            case .lpAdd(let movement):
                return .applied(try addLiquidity(movement, prices: prices))
            case .lpRemove(let movement):
                return .applied(try removeLiquidity(movement, prices: prices))
            case .transfer(let transfer):
                return .applied(try self.transfer(transfer, prices: prices, checks: checks))
            case .trade(let trade):
                return .applied(try self.trade(trade, prices: prices, checks: checks))
            case .funding(let market):
                return .applied(try accrueFunding(market, at: time, prices: prices))
            case .liquidate(let liquidation):
                return .applied(try liquidate(liquidation, prices: prices, checks: checks))
            case .optionWrite(let write):
                return .applied(try writeOptions(write, at: time, prices: prices, checks: checks))
            case .optionBuy(let purchase):
                return .applied(try buyOptions(purchase, at: time, prices: prices, checks: checks))
            case .optionSettle(let settlement):
                return .applied(try settleOptions(settlement))
            case .optionExpire(let series):
                return .applied(try expireOptions(series, at: time, prices: prices))
            }
        } catch let rejection as Rejection {
            return .rejected(rejection)
        } catch let error as MoneyError {
            return .rejected(Rejection(error))
        } catch {
            return .rejected(Rejection(.overflow, "\(error)"))
        }
    }

    /// An account the ledger would look up that has a negative id, if any: ids index the pools' account tables, and
    /// interned ones start at 0.
    private static func negativeAccount(in payload: Event.Payload) -> AccountID? {
        if case .optionBuy(let purchase) = payload, purchase.seller.index < 0 { return purchase.seller }
        guard let account = payload.account, account.index < 0 else { return nil }
        return account
    }

    func requirePositive(_ amount: Wad) throws {
        guard amount.isPositive else { throw Rejection(.invalidAmount, "amount must be positive, got \(amount)") }
    }
}

/// What applying an event did.
public enum LedgerOutcome: Sendable, Hashable {
    case applied(LedgerEffects)
    case rejected(Rejection)
}

/// Side effects of an applied event that detectors and reports care about.
public struct LedgerEffects: Sendable, Hashable {
    /// Debt created by a withdrawal beyond the account's balance, in the withdrawn asset.
    public var newBorrow: Wad = .zero
    /// For a liquidation: the notional of the positions closed, in the quote asset.
    public var liquidatedNotional: Wad = .zero
    /// For a liquidation: debt the account could not pay, in the quote asset.
    public var badDebt: Wad = .zero
    /// The part of the bad debt the insurance fund covered.
    public var insurancePaid: Wad = .zero
    /// The part of the bad debt the LPs absorbed.
    public var socializedLoss: Wad = .zero

    @inlinable public init() {}
}
