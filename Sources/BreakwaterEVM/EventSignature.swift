/// An event as a contract declares it, `Deposit(address indexed account, address indexed token, uint256 amount)`:
/// its name, its parameters in order, which are indexed, and the topic its logs carry first.
public struct EventSignature: Sendable, Hashable, CustomStringConvertible {
    /// One parameter of the event.
    public struct Parameter: Sendable, Hashable {
        /// The name a mapping refers to it by.
        public var name: String
        public var type: ABIType
        /// Whether it is a topic of the log rather than in its data.
        public var isIndexed: Bool
    }

    /// The event's name.
    public var name: String
    /// Its parameters, in the order the signature gives them.
    public var parameters: [Parameter]

    /// The signature `text` declares, parameters named.
    ///
    /// - Throws: ``ABIError`` (`badSignature` or `badType`) naming what does not parse.
    public init(parsing text: String) throws(ABIError) {
        let declared = try Declaration(text, of: "event", shape: "NAME(TYPE [indexed] NAME, …)")
        name = declared.name
        var parameters: [Parameter] = []
        for (index, part) in declared.parameters.enumerated() {
            let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let typeName = words.first else {
                throw ABIError(.badSignature, "\"\(text)\": parameter \(index + 1) is empty")
            }
            let type = try ABIType(typeName)
            let isIndexed = words.count == 3 && words[1] == "indexed"
            guard words.count == (isIndexed ? 3 : 2), let name = words.last, name != "indexed" else {
                throw ABIError(.badSignature, "\"\(text)\": parameter \(index + 1) is not TYPE [indexed] NAME")
            }
            guard !parameters.contains(where: { $0.name == name }) else {
                throw ABIError(.badSignature, "\"\(text)\": two parameters are named \(name)")
            }
            parameters.append(Parameter(name: name, type: type, isIndexed: isIndexed))
        }
        guard parameters.count(where: \.isIndexed) <= 3 else {
            throw ABIError(.badSignature, "\"\(text)\": an event has at most three indexed parameters")
        }
        self.parameters = parameters
    }

    /// `Deposit(address,address,uint256)`: what the topic hashes.
    public var canonical: String { "\(name)(\(parameters.map(\.type.description).joined(separator: ",")))" }

    /// The first topic of its logs: the Keccak-256 of ``canonical``.
    public var topic: [UInt8] { Keccak256.hash(canonical) }

    /// The parameter named `name`.
    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// The signature as declared, with its parameters' names.
    public var description: String {
        let list = parameters.map { "\($0.type)\($0.isIndexed ? " indexed" : "") \($0.name)" }
        return "\(name)(\(list.joined(separator: ", ")))"
    }
}

/// `NAME(PARAMETER, …)`, as an event or a function is declared: its name and its parameters' text.
struct Declaration {
    var name: String
    var parameters: [Substring]

    /// The declaration `text` of an `kind` (`event`, `function`) that should look like `shape`.
    ///
    /// - Throws: ``ABIError`` (`badSignature`) when it has no parentheses or no name.
    init(_ text: String, of kind: String, shape: String) throws(ABIError) {
        let trimmed = text.trimmingWhitespace
        guard let open = trimmed.firstIndex(of: "("), trimmed.last == ")" else {
            throw ABIError(.badSignature, "\"\(text)\" is not \(shape)")
        }
        name = String(trimmed[..<open]).trimmingWhitespace
        guard let first = name.first, !first.isNumber,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else {
            throw ABIError(.badSignature, "\"\(text)\": the \(kind) has no name")
        }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        parameters =
            inner.trimmingWhitespace.isEmpty ? [] : inner.split(separator: ",", omittingEmptySubsequences: false)
    }
}

extension StringProtocol {
    /// The text without spaces, tabs and newlines at either end.
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
