/// Why a governed action was refused. Nothing changes when one is: no state, no nonce.
public struct GovernanceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The stable reason codes, as rejections name them.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case wrongDomain = "wrong_domain"
        case expired
        case replayedNonce = "replayed_nonce"
        case notPermitted = "not_permitted"
        case unknownKey = "unknown_key"
        case duplicateSignature = "duplicate_signature"
        case badSignature = "bad_signature"
        case belowThreshold = "below_threshold"
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
