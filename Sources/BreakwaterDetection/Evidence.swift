import BreakwaterCore

/// Numbers as evidence is written: quote values and scores with two decimals, shares as percentages.
enum Evidence {
    /// `x` with two decimals (`1234567.89`); beyond 64-bit cents, as `Double` prints it.
    static func amount(_ x: Double) -> String {
        let cents = (x * 100).rounded()
        guard cents.magnitude < 9e18 else { return "\(x)" }
        let whole = Int64(cents) / 100
        let fraction = Int64(cents.magnitude) % 100
        let sign = cents < 0 && whole == 0 ? "-" : ""
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A share as a percentage with two decimals (`12.50%`).
    static func percent(_ share: Double) -> String { amount(share * 100) + "%" }

    /// A `Wad` threshold as it is written in the policy.
    static func threshold(_ value: Wad) -> String { value.description }
}
