/// The ledger's own safety rules: what a protocol checks before it lets an operation through.
///
/// A stream in Breakwater's format asks the ledger to run every one. A chain reports what its protocol already did, so
/// an observer that finds one of them broken applies the fact without it, and says so.
public struct LedgerChecks: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// An account that borrows, withdraws, transfers, trades to grow exposure, writes or buys options keeps a
    /// non-negative initial health, valued at valid prices of everything it holds.
    public static let health = LedgerChecks(rawValue: 1 << 0)
    /// A trade fills only at a mark within its limit price.
    public static let limitPrice = LedgerChecks(rawValue: 1 << 1)
    /// Only an account below maintenance health is liquidated.
    public static let liquidationThreshold = LedgerChecks(rawValue: 1 << 2)

    public static let all: LedgerChecks = [.health, .limitPrice, .liquidationThreshold]

    /// The codes of the rejections these rules give: `no_price` when a health cannot be valued. (Pricing LP shares
    /// gives it too; an observer that skips the rules and is still refused has found a fact it cannot apply.)
    public static let rejectionCodes: Set<Rejection.Code> = [
        .insufficientHealth, .noPrice, .limitPrice, .accountHealthy,
    ]
}
