import Crypto

/// The operators who may acknowledge incidents and add notes, each with a bearer token from the service config.
///
/// Tokens are kept only as their SHA-256 digests and compared in constant time: a token never appears in a log, a
/// response or a timing.
public struct OperatorTokens: Sendable {
    private let digests: [(name: String, digest: [UInt8])]

    /// - Parameter tokens: each operator's name and token.
    public init(_ tokens: [(name: String, token: String)]) {
        digests = tokens.map { ($0.name, Array(SHA256.hash(data: Array($0.token.utf8)))) }
    }

    /// Whether any operator is configured: without one, operator actions are off.
    public var isEmpty: Bool { digests.isEmpty }

    /// The operator whose token `token` is.
    public func name(for token: String) -> String? {
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        var found: String?
        // Every digest is compared, whichever matches.
        for entry in digests where Self.equal(entry.digest, digest) { found = found ?? entry.name }
        return found
    }

    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 && a.count == b.count
    }
}
