public import BigInt

/// The fees an EIP-1559 transaction offers, in wei per gas: at most `maxFeePerGas` in all, of which at most
/// `maxPriorityFeePerGas` to the block's producer.
public struct FeeQuote: Sendable, Hashable {
    public var maxFeePerGas: BigUInt
    public var maxPriorityFeePerGas: BigUInt

    public init(maxFeePerGas: BigUInt, maxPriorityFeePerGas: BigUInt) {
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
    }

    /// The fees for the next block: the node's suggested tip (at most the cap), and room for the base fee to double,
    /// as wallets offer, within the cap.
    ///
    /// - Throws: ``FeeError`` when the next block's base fee and the tip are above `max_fee_gwei`: such a
    ///   transaction would wait unmined, so it is refused and alerted instead.
    public static func next(baseFee: BigUInt, suggestedTip: BigUInt, caps: FeeQuote) throws(FeeError) -> FeeQuote {
        let tip = min(suggestedTip, caps.maxPriorityFeePerGas)
        guard baseFee + tip <= caps.maxFeePerGas else {
            throw FeeError(needed: baseFee + tip, cap: caps.maxFeePerGas)
        }
        return FeeQuote(maxFeePerGas: min(2 * baseFee + tip, caps.maxFeePerGas), maxPriorityFeePerGas: tip)
    }

    /// The fees of a transaction that replaces this one: each at least 10 % more (what nodes require to replace a
    /// pending transaction) and at least `now` (a fresh quote), within the caps.
    ///
    /// - Throws: ``FeeError`` when 10 % more is above a cap: the transaction stays as it is.
    public func bumped(to now: FeeQuote?, caps: FeeQuote) throws(FeeError) -> FeeQuote {
        let fee = max(Self.tenPercentMore(maxFeePerGas), now?.maxFeePerGas ?? 0)
        let tip = max(Self.tenPercentMore(maxPriorityFeePerGas), now?.maxPriorityFeePerGas ?? 0)
        guard Self.tenPercentMore(maxFeePerGas) <= caps.maxFeePerGas else {
            throw FeeError(needed: Self.tenPercentMore(maxFeePerGas), cap: caps.maxFeePerGas)
        }
        guard Self.tenPercentMore(maxPriorityFeePerGas) <= caps.maxPriorityFeePerGas else {
            throw FeeError(needed: Self.tenPercentMore(maxPriorityFeePerGas), cap: caps.maxPriorityFeePerGas)
        }
        return FeeQuote(
            maxFeePerGas: min(fee, caps.maxFeePerGas),
            maxPriorityFeePerGas: min(tip, caps.maxPriorityFeePerGas, min(fee, caps.maxFeePerGas))
        )
    }

    /// `value` × 1.1, rounded up.
    private static func tenPercentMore(_ value: BigUInt) -> BigUInt { (value * 11 + 9) / 10 }
}

/// A fee the caps do not allow: what was needed, and the cap, in wei per gas.
public struct FeeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var needed: BigUInt
    public var cap: BigUInt

    public var description: String {
        "the fee needed, \(Self.gwei(needed)) gwei, is above the cap of \(Self.gwei(cap)) gwei"
    }

    /// Wei as gwei, with up to 9 decimals.
    static func gwei(_ wei: BigUInt) -> String { decimal(wei, unitDigits: 9, shownDigits: 9) }

    /// Wei in a unit of 10^`unitDigits` wei, its fraction cut to `shownDigits` digits and written without
    /// trailing zeros: `1.5`, `200`.
    static func decimal(_ wei: BigUInt, unitDigits: Int, shownDigits: Int) -> String {
        let shown = wei / BigUInt(10).power(unitDigits - shownDigits)
        let (whole, fraction) = shown.quotientAndRemainder(dividingBy: BigUInt(10).power(shownDigits))
        let digits = String(fraction)
        let padded = String(repeating: "0", count: shownDigits - digits.count) + digits
        let trimmed = String(padded.reversed().drop { $0 == "0" }.reversed())
        return trimmed.isEmpty ? whole.description : "\(whole).\(trimmed)"
    }
}
