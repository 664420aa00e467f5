import BreakwaterCore

extension MangoScenario {
    /// How the market itself moves in the stress and collapse scenarios, as a factor on an asset's path: every
    /// feed and every trader sees it.
    func marketShock(asset: String, at offset: Int64) -> Double {
        let elapsed = Double(offset - attackOffset) / 60_000
        guard elapsed > 0 else { return 1 }
        switch attack {
        case .crash:
            // −25 % in the first half hour, −45 % by two hours, then a tenth of it back over the third.
            let logFactor =
                elapsed <= 30
                ? elapsed / 30 * DeterministicMath.log(0.75)
                : elapsed <= 120
                    ? DeterministicMath.log(0.75) + (elapsed - 30) / 90 * DeterministicMath.log(0.55 / 0.75)
                    : DeterministicMath.log(0.55) + Swift.min(1, (elapsed - 120) / 60) * DeterministicMath.log(1.1)
            return DeterministicMath.exp(logFactor)
        case .cascade where asset == "ETH":
            return DeterministicMath.exp(Swift.min(1, elapsed / 15) * DeterministicMath.log(0.7))
        case .stuckFloor where asset == "MNGO":
            // −99 % in an hour: LUNA's fall, compressed.
            return DeterministicMath.exp(Swift.min(1, elapsed / 60) * DeterministicMath.log(0.01))
        default:
            return 1
        }
    }

    /// What a feed reports when the market is at `price` and the feed's own error is the factor `noise`: pumped by
    /// the attacker's spot buying, misprinted, or clamped at its aggregator's floor.
    func feedPrice(_ price: Double, noise: Double, feed: ProtocolConfig.Feed, asset: String, at offset: Int64) -> Double
    {
        switch attack {
        case .mango where asset == "MNGO":
            price * pump(at: offset, factor: pumpFactor, rise: pumpMilliseconds, hold: 4 * 60_000, fall: 5 * 60_000)
                * noise
        case .slowDrain where asset == "MNGO":
            price * pump(at: offset, factor: 1.5, rise: 60 * 60_000, hold: 10 * 60_000, fall: 10 * 60_000) * noise
        case .feedSpike where feed.name == "pyth-eth" && offset >= attackOffset && offset < attackOffset + 3 * 60_000:
            price * noise * 0.7
        case .daiFeedFault
        where feed.name == "dex-twap-eth" && offset >= attackOffset && offset < attackOffset + 3_600_000:
            price * noise * 1.3
        case .badPrint where feed.name == "chainlink-btc" && offset == attackOffset:
            price * noise * 1_000
        case .stuckFloor:
            Swift.max(price * noise, feed.minAnswer?.approximateDouble ?? 0)
        default:
            price * noise
        }
    }

    /// The price multiplier of a pump two minutes after the attack begins: up to `factor` over `rise`, held, then
    /// dumped back over `fall`.
    func pump(at offset: Int64, factor: Double, rise: Int64, hold: Int64, fall: Int64) -> Double {
        let pumpStart = attackOffset + 2 * 60_000
        let holdEnd = pumpStart + rise + hold
        let exponent: Double
        switch offset {
        case ..<pumpStart: exponent = 0
        case ..<(pumpStart + rise): exponent = Double(offset - pumpStart) / Double(rise)
        case ..<holdEnd: exponent = 1
        case ..<(holdEnd + fall): exponent = 1 - Double(offset - holdEnd) / Double(fall)
        default: exponent = 0
        }
        return DeterministicMath.exp(exponent * DeterministicMath.log(factor))
    }
}
