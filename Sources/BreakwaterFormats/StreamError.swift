import Foundation

/// A line of the event stream that could not be used, with the line number (1-based), the field at fault and why.
public struct StreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of fault.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case malformedJSON, wrongType, missingField, invalidValue, unknownName, outOfOrder, notAllowed, overLimit,
                timeJump
        }
        private let value: Value

        /// The line is not one JSON object.
        public static let malformedJSON = Code(value: .malformedJSON)
        /// A field holds another JSON type than the format's.
        public static let wrongType = Code(value: .wrongType)
        /// A field the event's kind needs is missing.
        public static let missingField = Code(value: .missingField)
        /// A value does not read as what it stands for (a decimal, a time, a key) or passes a bound.
        public static let invalidValue = Code(value: .invalidValue)
        /// A name the protocol does not have: a kind, a pool, an asset, a role, an action.
        public static let unknownName = Code(value: .unknownName)
        /// The line's time is before the previous line's.
        public static let outOfOrder = Code(value: .outOfOrder)
        /// The line breaks rules beyond the format's (``LineRules``): a kind or a field not taken there.
        public static let notAllowed = Code(value: .notAllowed)
        /// The line is longer than the stream takes, or nests deeper.
        public static let overLimit = Code(value: .overLimit)
        /// The line's time is further past the stream's than `stream.max_time_jump_ms`, and the lines after it did
        /// not confirm the jump.
        public static let timeJump = Code(value: .timeJump)

        /// Every code, in the order they are listed.
        public static let all: [Code] = [
            .malformedJSON, .wrongType, .missingField, .invalidValue, .unknownName, .outOfOrder, .notAllowed,
            .overLimit, .timeJump,
        ]

        /// The code as a label: `malformed_json`, `wrong_type`, … (the `reason` of the bad-line metric).
        public var name: String { description.replacingOccurrences(of: " ", with: "_").lowercased() }

        /// The code in words: `malformed JSON`, `wrong type`, …
        public var description: String {
            switch value {
            case .malformedJSON: "malformed JSON"
            case .wrongType: "wrong type"
            case .missingField: "missing field"
            case .invalidValue: "invalid value"
            case .unknownName: "unknown name"
            case .outOfOrder: "out of order"
            case .notAllowed: "not allowed"
            case .overLimit: "over limit"
            case .timeJump: "time jump"
            }
        }
    }

    /// The kind of fault.
    public var code: Code
    /// The line's number, from 1.
    public var line: Int
    /// The JSON key at fault, or `nil` when the line as a whole is bad (malformed JSON).
    public var field: String?
    /// A sentence for a person: what is wrong with the field.
    public var message: String

    /// - Parameters:
    ///   - code: the kind of fault.
    ///   - line: the line's number, from 1.
    ///   - field: the JSON key at fault, or `nil` when the line as a whole is bad.
    ///   - message: a sentence for a person: what is wrong with the field.
    public init(_ code: Code, line: Int, field: String?, message: String) {
        self.code = code
        self.line = line
        self.field = field
        self.message = message
    }

    /// `line 12, field price: what is wrong`, or `line 12: what is wrong` when no field is at fault.
    public var description: String {
        if let field { "line \(line), field \(field): \(message)" } else { "line \(line): \(message)" }
    }
}
