/// Why a monetary value could not be parsed or computed.
///
/// Modelled as a struct with an extensible ``Code`` so new failure kinds are not source-breaking.
public struct MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case overflow, divisionByZero, malformed, tooManyDecimals
        }
        private let value: Value

        /// The result does not fit in an `Int128` with 18 decimals.
        public static let overflow = Code(value: .overflow)
        /// A quotient with a zero divisor.
        public static let divisionByZero = Code(value: .divisionByZero)
        /// The text is not a decimal number.
        public static let malformed = Code(value: .malformed)
        /// The text has more than 18 fractional digits.
        public static let tooManyDecimals = Code(value: .tooManyDecimals)

        public var description: String {
            switch value {
            case .overflow: "overflow"
            case .divisionByZero: "division by zero"
            case .malformed: "malformed decimal"
            case .tooManyDecimals: "too many decimals"
            }
        }
    }

    public var code: Code
    /// A sentence for a person: what failed and on which value.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    @usableFromInline static func overflow(_ operation: String) -> MoneyError {
        MoneyError(code: .overflow, message: "\(operation) overflows the 18-decimal fixed-point range")
    }
}
