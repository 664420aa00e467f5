public import BreakwaterCore
import BreakwaterResponse

/// A market's trading state, as the status page and the metrics show it.
public enum MarketState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Trading as usual.
    case normal
    /// Reduce-only by its price band: the band's limit state.
    case limited
    /// Reduce-only by the response table or governance.
    case reduceOnly = "reduce_only"
    /// Halted by its price band, the response table or governance.
    case halted
}

extension Engine {
    /// The trading state of `market`: a halt comes before a band's limit state, which comes before a reduce-only
    /// restriction. A pause of its pool is its pool's state, not the market's.
    public func marketState(of market: MarketID) -> MarketState {
        let band = bands[Int(market.index)]
        if band.isHalted || containment.isHalted(market) { return .halted }
        if band.isReduceOnly { return .limited }
        return containment.isReduceOnly(market) ? .reduceOnly : .normal
    }
}
