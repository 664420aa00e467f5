/// Why the chain could not be read, or a log not mapped.
public struct ChainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case badLog, unavailable, badResponse, refused, reorganised
        }
        private let value: Value

        /// A log that does not decode, or whose values the config cannot name.
        public static let badLog = Code(value: .badLog)
        /// No node answered, after every retry on every endpoint.
        public static let unavailable = Code(value: .unavailable)
        /// A node answered with something that is not what the method returns.
        public static let badResponse = Code(value: .badResponse)
        /// A node answered the request with a JSON-RPC error.
        public static let refused = Code(value: .refused)
        /// The chain changed below blocks already read: a reorg.
        public static let reorganised = Code(value: .reorganised)

        public var description: String {
            switch value {
            case .badLog: "bad log"
            case .unavailable: "node unavailable"
            case .badResponse: "bad response"
            case .refused: "request refused"
            case .reorganised: "chain reorganised"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person: what is wrong, and where. A node is named only as `scheme://host:port`.
    public var message: String

    /// An error of `code`, said by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
