/// How a result that is not exactly representable is rounded.
///
/// The ledger always rounds in the protocol's favour: what an account owes is rounded ``up``, what it is owed is
/// rounded ``down``. Both are directional (toward +∞ and −∞), so a negative result rounds the same way as a
/// positive one: a debt of −1.5 units rounded ``down`` becomes −2.
public enum Rounding: Sendable, Hashable {
    /// Toward negative infinity (floor).
    case down
    /// Toward positive infinity (ceiling).
    case up
}
