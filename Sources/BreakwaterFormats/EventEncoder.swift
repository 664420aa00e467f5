public import BreakwaterCore

/// Writes ``Event``s as lines of the JSON Lines stream, with names from the config and account directory.
///
/// Keys are sorted and decimals are exact strings, so the same event always gives the same line, and
/// ``EventDecoder`` reads it back to the same event.
public struct EventEncoder: Sendable {
    public let config: ProtocolConfig
    let names: QuotedNames

    public init(config: ProtocolConfig) {
        self.config = config
        names = QuotedNames(config)
    }

    /// The JSON line for an event, without a newline.
    public func line(for event: Event, accounts: AccountDirectory) -> String {
        wireEvent(for: event, accounts: accounts).jsonLine()
    }

    /// The event as the wire format's fields.
    func wireEvent(for event: Event, accounts: AccountDirectory) -> WireEvent {
        var wire = WireEvent(ts: .milliseconds(event.timestamp.milliseconds), kind: event.kind.rawValue)
        wire.block = event.provenance?.block
        wire.tx = event.provenance?.transaction
        wire.logIndex = event.provenance?.logIndex
        wire.blockHash = event.provenance?.blockHash
        func fill(_ movement: AssetMovement) {
            wire.pool = config.pool(movement.pool).name
            wire.account = accounts.name(of: movement.account)
            wire.asset = config.asset(movement.asset).name
            wire.amount = movement.amount.description
        }
        func fill(_ series: OptionSeries) {
            wire.market = config.optionMarket(series.market).name
            wire.optionType = series.type.rawValue
            wire.strike = series.strike.description
            wire.expiry = .milliseconds(series.expiry.milliseconds)
        }
        switch event.payload {
        case .oracle(let update):
            wire.feed = config.feed(update.feed).name
            wire.asset = config.asset(update.asset).name
            wire.price = update.price.description
            wire.confidence = update.confidence?.description
            wire.publishTs = update.publishTime.map { .milliseconds($0.milliseconds) }
        case .deposit(let movement), .withdraw(let movement), .lpAdd(let movement), .lpRemove(let movement):
            fill(movement)
        case .transfer(let transfer):
            wire.account = accounts.name(of: transfer.account)
            wire.asset = config.asset(transfer.asset).name
            wire.amount = transfer.amount.description
            wire.fromPool = config.pool(transfer.fromPool).name
            wire.toPool = config.pool(transfer.toPool).name
        case .trade(let trade):
            wire.market = config.market(trade.market).name
            wire.account = accounts.name(of: trade.account)
            wire.size = trade.size.description
            wire.price = trade.limitPrice?.description
        case .liquidate(let liquidation):
            wire.account = accounts.name(of: liquidation.account)
            wire.pool = config.pool(liquidation.pool).name
            wire.liquidator = liquidation.liquidator.map(accounts.name(of:))
            wire.market = liquidation.market.map { config.market($0).name }
        case .funding(let market):
            wire.market = config.market(market).name
        case .tick, .block:
            break
        case .reorg(let reorg):
            wire.fromBlock = reorg.fromBlock
            wire.toBlock = reorg.toBlock
            wire.ancestorBlock = reorg.ancestorBlock
            wire.ancestorHash = reorg.ancestorHash
        case .optionWrite(let write):
            fill(write.series)
            wire.account = accounts.name(of: write.account)
            wire.size = write.size.description
        case .optionBuy(let purchase):
            fill(purchase.series)
            wire.account = accounts.name(of: purchase.account)
            wire.seller = accounts.name(of: purchase.seller)
            wire.size = purchase.size.description
            wire.premium = purchase.premium.description
        case .optionSettle(let settlement):
            fill(settlement.series)
            wire.account = accounts.name(of: settlement.account)
        case .optionExpire(let series):
            fill(series)
        case .governance(let action):
            wire.action = action.kind.rawValue
            wire.pool = action.pool.map { config.pool($0).name }
            wire.market = action.market.map { config.market($0).name }
            wire.account = action.account.map(accounts.name(of:))
            wire.feed = action.feed.map { config.feed($0).name }
        case .signedAction(let event):
            let signed = event.signed
            wire.domain = signed.domain
            wire.role = signed.role.rawValue
            wire.action = signed.action.kind.rawValue
            wire.pool = signed.action.scope.pool
            wire.market = signed.action.scope.market
            wire.account = signed.action.scope.account
            wire.module = signed.action.scope.module
            wire.parameters = signed.action.parameters.isEmpty ? nil : signed.action.parameters
            wire.nonce = signed.nonce
            wire.expiresAt = .milliseconds(signed.expiresAt)
            wire.signatures = signed.signatures.map {
                WireSignature(key: PublicKeyText.text($0.publicKey), signature: Hex.encode($0.signature))
            }
        case .vote(let vote):
            wire.domain = vote.domain
            wire.proposal = vote.proposal
            wire.support = vote.support.rawValue
            wire.key = PublicKeyText.text(vote.voter)
            wire.signature = Hex.encode(vote.signature)
        case .queue(let proposal), .execute(let proposal):
            wire.proposal = proposal
        case .note(let note):
            wire.action = note.action.rawValue
            wire.by = note.author
            wire.incident = note.incident
            wire.text = note.text.isEmpty ? nil : note.text
        }
        return wire
    }
}
