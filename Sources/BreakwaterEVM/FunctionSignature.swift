import BigInt

/// A contract function as a call names it, `freeze(address)` or `setHalted(bool halted)`: its name, its parameters'
/// types, and the 4-byte selector a call's data starts with.
public struct FunctionSignature: Sendable, Hashable, CustomStringConvertible {
    /// The function's name.
    public var name: String
    /// Its parameters' types, in order.
    public var parameters: [ABIType]

    /// The function `text` declares; a parameter may be named (`freeze(address account)`).
    ///
    /// - Throws: ``ABIError`` (`badSignature` or `badType`) naming what does not parse.
    public init(parsing text: String) throws(ABIError) {
        let declared = try Declaration(text, of: "function", shape: "NAME(TYPE, …)")
        name = declared.name
        var parameters: [ABIType] = []
        for (index, part) in declared.parameters.enumerated() {
            let words = part.split(whereSeparator: \.isWhitespace)
            guard let type = words.first, words.count <= 2 else {
                throw ABIError(.badSignature, "\"\(text)\": parameter \(index + 1) is not TYPE [NAME]")
            }
            parameters.append(try ABIType(String(type)))
        }
        self.parameters = parameters
    }

    /// `freeze(address)`: what the selector hashes.
    public var canonical: String { "\(name)(\(parameters.map(\.description).joined(separator: ",")))" }

    /// The first 4 bytes of the Keccak-256 of ``canonical``.
    public var selector: [UInt8] { Array(Keccak256.hash(canonical).prefix(4)) }

    public var description: String { canonical }

    /// A call's data: the selector, then `arguments` ABI-encoded.
    ///
    /// - Throws: ``ABIError`` (`badValue`) when the count differs from the parameters' or an argument is not a value
    ///   of its parameter's type (a `uint8` above 255, an `address` given as a `bool`), naming it.
    public func callData(_ arguments: [ABIValue]) throws(ABIError) -> [UInt8] {
        guard arguments.count == parameters.count else {
            throw ABIError(.badValue, "\(canonical) takes \(parameters.count) arguments, not \(arguments.count)")
        }
        var head: [UInt8] = []
        var tail: [UInt8] = []
        let headSize = 32 * parameters.count
        for (index, (type, value)) in zip(parameters, arguments).enumerated() {
            do throws(ABIError) {
                if type.isDynamic {
                    head += Self.word(BigUInt(headSize + tail.count))
                    tail += try Self.dynamic(value, as: type)
                } else {
                    head += try Self.word(value, as: type)
                }
            } catch {
                throw ABIError(.badValue, "\(canonical) argument \(index + 1): \(error.message)")
            }
        }
        return selector + head + tail
    }

    /// A static value in its 32-byte word.
    fileprivate static func word(_ value: ABIValue, as type: ABIType) throws(ABIError) -> [UInt8] {
        switch (type, value) {
        case (.address, .address(let address)):
            return [UInt8](repeating: 0, count: 12) + address.bytes
        case (.bool, .bool(let flag)):
            return word(BigUInt(flag ? 1 : 0))
        case (.uint(let bits), .uint(let number)):
            guard number.bitWidth <= bits else { throw outOfRange(value, type) }
            return word(number)
        case (.int(let bits), .int(let number)):
            let limit = BigInt(1) << (bits - 1)
            guard number >= -limit, number < limit else { throw outOfRange(value, type) }
            return number.sign == .minus ? word((BigUInt(1) << 256) - number.magnitude) : word(number.magnitude)
        case (.fixedBytes(let size), .bytes(let bytes)):
            guard bytes.count == size else { throw outOfRange(value, type) }
            return bytes + [UInt8](repeating: 0, count: 32 - size)
        default:
            throw ABIError(.badValue, "\(value) is not a \(type)")
        }
    }

    /// A dynamic value as the tail holds it: its length, then its bytes padded to a whole word.
    fileprivate static func dynamic(_ value: ABIValue, as type: ABIType) throws(ABIError) -> [UInt8] {
        let bytes: [UInt8]
        switch (type, value) {
        case (.bytes, .bytes(let raw)): bytes = raw
        case (.string, .string(let text)): bytes = Array(text.utf8)
        default: throw ABIError(.badValue, "\(value) is not a \(type)")
        }
        let padding = (32 - bytes.count % 32) % 32
        return word(BigUInt(bytes.count)) + bytes + [UInt8](repeating: 0, count: padding)
    }

    private static func word(_ number: BigUInt) -> [UInt8] {
        let bytes = Array(number.serialize())
        return [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }

    private static func outOfRange(_ value: ABIValue, _ type: ABIType) -> ABIError {
        ABIError(.badValue, "\(value) does not fit a \(type)")
    }
}

extension ABIValue {
    /// Checks that the value is one a parameter of `type` holds.
    ///
    /// - Throws: ``ABIError`` (`badValue`) saying why not: another type, or out of the type's range.
    public func check(as type: ABIType) throws(ABIError) {
        _ = type.isDynamic ? try FunctionSignature.dynamic(self, as: type) : try FunctionSignature.word(self, as: type)
    }
}
