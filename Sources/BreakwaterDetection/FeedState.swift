import BreakwaterCore

/// What the oracle guard knows of one feed: its last accepted price, and whether it is left out, and why.
struct FeedState: Sendable, Codable {
    /// The last accepted price and its time (publish time, else arrival).
    var price: Wad?
    var time = Timestamp(milliseconds: .min)
    /// Why the latest update was refused; the feed is left out until an update passes (a jump: until a reset).
    var exclusion: FeedExclusion?
    /// Whether the feed is away from the median of the asset's live feeds.
    var isDivergent = false
    /// Whether any update of the feed was seen: a feed never heard from is not judged for faults.
    var isHeard = false
    /// Since when the feed has been left out of its asset's price without a break; `nil` while it counts.
    var leftOutSince: Timestamp?
    /// Whether `feed_fault` was raised for the current time left out.
    var isFaulted = false

    /// Whether the feed's price counts at `now`: accepted, not excluded, and at most `limit` old.
    func isLive(at now: Timestamp, staleAfter limit: Int64) -> Bool {
        price != nil && exclusion == nil && now.milliseconds(since: time) <= limit
    }
}

/// Why a feed update was refused.
public enum FeedExclusion: Sendable, Hashable, CustomStringConvertible, Codable {
    case nonPositive
    case tooUncertain
    case atBound
    /// Moved by at least the jump factor; stays tripped until ``OracleGuard/reset(_:)``.
    case jumpTripped

    public var description: String {
        switch self {
        case .nonPositive: "non_positive"
        case .tooUncertain: "too_uncertain"
        case .atBound: "at_bound"
        case .jumpTripped: "jump_tripped"
        }
    }
}
