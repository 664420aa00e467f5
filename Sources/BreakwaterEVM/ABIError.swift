/// Why an ABI type, an event signature or a log could not be read.
public struct ABIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case badSignature, badType, badLog, badAddress
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

        public var description: String {
            switch value {
            case .badSignature: "bad signature"
            case .badType: "bad type"
            case .badLog: "bad log"
            case .badAddress: "bad address"
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
