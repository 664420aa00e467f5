/// A line of the event stream that could not be used, with the line number (1-based) and the field at fault.
public struct StreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    /// The JSON key at fault, or `nil` when the line as a whole is bad (malformed JSON).
    public var field: String?
    public var message: String

    public init(line: Int, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { "line \(line), field \(field): \(message)" } else { "line \(line): \(message)" }
    }
}
