import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys

/// One path of the sensitivity experiment: how long after an exploit begins the pool can still be saved by a trip.
///
/// The exploit is the Mango flaw: two linked accounts hold opposite positions of `leverage` times their collateral
/// in a market whose unrealized profit counts as collateral, and the price moves against the pool along a stress
/// path, `sigmas` standard deviations of a market at `volatility` at every horizon: `P(t) = P0 · exp(sigmas · σ · √t)`.
/// Every 20 seconds each account withdraws all the free margin it has (the long's paper profit, mostly); a liquidator tries both
/// accounts every minute. A trip (a pause that stops exits) at delay `d` keeps what had left by `d`, so the critical
/// trip latency is the first moment the attacker's net withdrawals exceed `maxLoss` of the pool's liquidity.
struct TripLatencyRun {
    var volatility: Double
    var leverage: Double
    var liquidity: Double
    var collateral: Double
    var maxLoss: Double
    var horizonMilliseconds: Int64
    var sigmas: Double

    static let stepMilliseconds: Int64 = 10_000
    static let start = Timestamp(milliseconds: 1_700_000_000_000)

    /// The critical latency in milliseconds from the first price move; `nil` when the pool survives the horizon
    /// without any trip.
    ///
    /// - Throws: ``SetupRefused`` when the engine refuses the model's opening events (the positions do not fit the
    ///   config's limits, say): a latency then would mean nothing.
    func criticalLatency(config: ProtocolConfig) throws(SetupRefused) -> Int64? {
        guard let pool = config.poolID(named: "alts"), let market = config.marketID(named: "MNGO-PERP"),
            let usdc = config.assetID(named: "USDC")
        else { throw SetupRefused(message: "the model needs a pool alts, a market MNGO-PERP and an asset USDC") }
        var engine = Engine(
            config: Self.config(config, market: market, leverage: leverage),
            verifier: Ed25519Verifier()
        )
        var accounts = AccountDirectory()
        let (lp, long, short, liquidator) = (
            accounts.intern("lp"), accounts.intern("long"), accounts.intern("short"), accounts.intern("liquidator")
        )
        let feeds = config.feeds.indices.filter { config.feeds[$0].asset == config.market(market).underlying }
        var time = Self.start
        func apply(_ payload: Event.Payload) -> Bool {
            engine.apply(Event(timestamp: time, payload: payload)).isAccepted
        }
        func quote(_ account: AccountID, _ amount: Double) -> AssetMovement {
            AssetMovement(pool: pool, account: account, asset: usdc, amount: Wad(approximating: amount))
        }

        var price = 1.0
        // Just inside what the initial margin and the taker fee allow, so the positions open.
        let size = 0.95 * collateral / (1 / leverage + config.market(market).takerFee.approximateDouble) / price
        let opening: [Event.Payload] =
            feeds.map { .oracle(Self.update(feed: $0, config: config, price: price, at: time)) }
            + [.lpAdd(quote(lp, liquidity)), .deposit(quote(long, collateral)), .deposit(quote(short, collateral))]
            + [
                .trade(Trade(market: market, account: long, size: Wad(approximating: size))),
                .trade(Trade(market: market, account: short, size: Wad(approximating: -size))),
            ]
        for payload in opening {
            let decision = engine.apply(Event(timestamp: time, payload: payload))
            if let rejection = decision.rejection {
                throw SetupRefused(
                    message:
                        "at leverage \(leverage) the model's \(Event(timestamp: time, payload: payload).kind.rawValue) was refused: \(rejection)"
                )
            }
        }

        var extracted = -2 * collateral
        for step in 1...Int(horizonMilliseconds / Self.stepMilliseconds) {
            time = Self.start.advanced(by: Int64(step) * Self.stepMilliseconds)
            let years = Double(step) * Double(Self.stepMilliseconds) / (365 * 86_400_000)
            price = DeterministicMath.exp(sigmas * volatility * years.squareRoot())
            for feed in feeds { _ = apply(.oracle(Self.update(feed: feed, config: config, price: price, at: time))) }
            if step % 2 == 0 {
                for account in [long, short] {
                    let free =
                        (try? engine.ledger.health(of: account, in: pool, kind: .initial, prices: engine.prices))?
                        .approximateDouble ?? 0
                    let amount = (free * 0.999 * 100).rounded(.down) / 100
                    if amount >= 1, apply(.withdraw(quote(account, amount))) { extracted += amount }
                }
                if extracted > maxLoss * liquidity { return time.milliseconds(since: Self.start) }
            }
            if step % 6 == 0 {
                for account in [long, short] {
                    _ = apply(.liquidate(Liquidation(account: account, pool: pool, liquidator: liquidator)))
                }
            }
        }
        return nil
    }

    /// The reference protocol unguarded, with the attacked market's margins at `leverage`: initial margin
    /// 1/leverage, maintenance half of it, unrealized profit counted.
    static func config(_ config: ProtocolConfig, market: MarketID, leverage: Double) -> ProtocolConfig {
        var changed = config.unguarded
        let index = Int(market.index)
        changed.markets[index].initialMargin = Wad(approximating: 1 / leverage)
        changed.markets[index].maintenanceMargin = Wad(approximating: 0.5 / leverage)
        changed.markets[index].unrealizedProfitCounts = true
        return changed
    }

    private static func update(feed: Int, config: ProtocolConfig, price: Double, at time: Timestamp) -> OracleUpdate {
        OracleUpdate(
            feed: FeedID(feed),
            asset: config.feeds[feed].asset,
            price: Wad(approximating: price),
            confidence: Wad(approximating: price * 0.001),
            publishTime: time
        )
    }
}

/// The sensitivity model could not set up its market: what the engine refused, and why.
public struct SetupRefused: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
