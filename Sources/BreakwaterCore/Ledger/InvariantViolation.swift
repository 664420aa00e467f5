/// A ledger invariant that does not hold: always a bug in Breakwater or in the protocol model, never bad input.
public struct InvariantViolation: Sendable, Hashable, CustomStringConvertible, Codable {
    /// A stable name: `conservation`, `isolation`, `negative_balance`, `borrow_book`, `lp_shares`,
    /// `open_interest` or `arithmetic`.
    public var invariant: String
    public var message: String

    public init(invariant: String, message: String) {
        self.invariant = invariant
        self.message = message
    }

    public var description: String { "\(invariant): \(message)" }
}
