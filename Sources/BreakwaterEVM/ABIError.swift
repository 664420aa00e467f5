/// Why an ABI type, an event or function signature, a log or a call's arguments could not be read or encoded.
public struct ABIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case badSignature, badType, badLog, badAddress, badValue
        }
        private let value: Value

        /// An event signature that does not parse.
        public static let badSignature = Code(value: .badSignature)
        /// A type Breakwater does not read, or that does not exist.
        public static let badType = Code(value: .badType)
        /// A log whose topics or data are not what its event's signature says.
        public static let badLog = Code(value: .badLog)
        /// Text that is not an address, or whose mixed case is not its checksum.
        public static let badAddress = Code(value: .badAddress)
        /// A call's argument that its parameter's type cannot hold.
        public static let badValue = Code(value: .badValue)

        public var description: String {
            switch value {
            case .badSignature: "bad signature"
            case .badType: "bad type"
            case .badLog: "bad log"
            case .badAddress: "bad address"
            case .badValue: "bad value"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person: what is wrong, and where.
    public var message: String

    /// An error of `code`, said by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
