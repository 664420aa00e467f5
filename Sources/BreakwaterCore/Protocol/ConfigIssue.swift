/// One problem in a protocol config, naming the key as it is written in YAML (`pools[0].markets[1].initial_margin`).
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the key at fault.
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
