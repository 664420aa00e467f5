public import BreakwaterCore

/// A pool's LPs' claim on its insurance fund for an incident's loss.
///
/// The loss is what the LPs' shares lost between the incident's detection and its resolution: the drop of the pool's
/// quote liquidity per LP share, times the shares at resolution. The claim is that loss capped by the fund. The fund
/// pays it into the LPs' liquidity, so each LP receives its pro rata part by shares.
public struct InsuranceClaim: Sendable, Hashable, Codable {
    /// `INC-0001`, …
    public var incident: String
    public var pool: PoolID
    public var loss: Wad
    /// The fund when the claim was settled.
    public var fund: Wad
    /// What the fund pays: the loss, capped by the fund.
    public var amount: Wad
    public var status: Status

    public enum Status: Sendable, Hashable, Codable {
        /// Within the automatic bound: paid when the incident was resolved.
        case paid(at: Int64, by: Action.Actor)
        /// Above the bound: waiting for a DAO `pay_claim`.
        case pending
    }

    /// Whether the claim was paid.
    public var isPaid: Bool { status != .pending }
}
